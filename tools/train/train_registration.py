#!/usr/bin/env python3
"""Train one of MyoFlow's registration networks (seed: Schueler 2026) on a training-set HDF5.

  python tools/train/train_registration.py --model affine1 --data train.h5 --out tools/train/runs/affine1

Resumes from OUT/checkpoint.pt when present. Writes OUT/log.csv, OUT/loss.png and
OUT/checkpoint.pt every --checkpoint-every steps. Losses (seed, Methods):
  affine1:  0.5*(-NCC(fixed_static, moved_static)) + 0.25*(-NMI(fixed_static, moved)) + 0.25*(-NMI(fixed, moved_static))
            (falls back to -NCC(fixed, moved) when the set has no static images)
  affine2:  -NCC(reference, moved)
  nonrigid: -LNCC19(reference, moved) + 10 * bending energy   (the seed's 1:10, weight on the regulariser)
"""
import argparse
import csv
import json
import os
import sys
import time

import torch
from monai.losses import BendingEnergyLoss, LocalNormalizedCrossCorrelationLoss

sys.path.insert(0, os.path.dirname(__file__))
from myoflow_train import checkpoint, models  # noqa: E402
from myoflow_train.augment import IntensityAugmentation, RigidAugmentation, ddf_from_theta, warp  # noqa: E402
from myoflow_train.data import PairSource  # noqa: E402
from myoflow_train.losses import global_ncc, normalised_mutual_information  # noqa: E402

RIGID = {"affine1": RigidAugmentation(1.0, 20, 0.8), "affine2": RigidAugmentation(0.5, 10, 0.4), "nonrigid": None}


def forward(model, name, moving, fixed):
    x = torch.cat([moving, fixed], dim=1)  # models.INPUT_ORDER
    return model(x)  # DDF (B, 2, H, W), for GlobalNet built from its affine head


def loss_for(name, batch, ddf, lncc, bending):
    moved = warp(batch["moving"], ddf)
    if name == "affine1":
        if "moving_static" in batch:
            moved_static = warp(batch["moving_static"], ddf)
            return (-0.5 * global_ncc(batch["fixed_static"], moved_static)
                    - 0.25 * normalised_mutual_information(batch["fixed_static"], moved)
                    - 0.25 * normalised_mutual_information(batch["fixed"], moved_static))
        return -global_ncc(batch["fixed"], moved)
    target = batch.get("reference", batch["fixed"])
    if name == "affine2":
        return -global_ncc(target, moved)
    return lncc(moved, target) + 10 * bending(ddf)


def augment(name, batch, g, intensity):
    """Rigid augmentation of moving (and its static twin) and fixed, then intensity augmentation."""
    rigid = RIGID[name]
    out = dict(batch)
    size = batch["moving"].shape[-1]
    if rigid is not None:
        for keys in (("moving", "moving_static"), ("fixed", "fixed_static", "reference")):
            ddf = ddf_from_theta(rigid.theta(batch["moving"].shape[0], size, g), size, size)
            for k in keys:
                if k in out:
                    out[k] = warp(out[k], ddf)
    for k in ("moving", "fixed", "moving_static", "fixed_static", "reference"):
        if k in out:
            out[k] = intensity(out[k], g)
    return out


def residual_px(ddf, true_ddf):
    """RMS of estimated minus true displacement (pixels) over the whole crop."""
    return torch.sqrt(((ddf - true_ddf) ** 2).sum(1).mean()).item()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", choices=sorted(models.DEFAULTS), required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--val", help="validation training-set file (held-out studies)")
    p.add_argument("--out", required=True)
    p.add_argument("--steps", type=int, default=5000)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--channels", type=int, help="initial channels (default: model's)")
    p.add_argument("--checkpoint-every", type=int, default=100)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    config = dict(models.DEFAULTS[args.model])
    if args.channels:
        config["num_channel_initial"] = args.channels
    config["input_order"] = list(models.INPUT_ORDER)
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump({"model": args.model, "config": config, "args": vars(args)}, f, indent=1)

    model = models.build(config)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    g = torch.Generator().manual_seed(args.seed)
    step = 0
    ckpt = os.path.join(args.out, "checkpoint.pt")
    if os.path.exists(ckpt):
        step = checkpoint.load(ckpt, model, optimiser, g)
        print(f"resumed at step {step}", flush=True)

    train = PairSource(args.data)
    val = PairSource(args.val) if args.val else None
    intensity = IntensityAugmentation()
    lncc = LocalNormalizedCrossCorrelationLoss(spatial_dims=2, kernel_size=19)
    bending = BendingEnergyLoss()
    log_path = os.path.join(args.out, "log.csv")
    new_log = not os.path.exists(log_path)
    log = open(log_path, "a", newline="")
    writer = csv.writer(log)
    if new_log:
        writer.writerow(["step", "loss", "val_loss", "val_residual_px", "seconds"])
    start = time.time()
    while step < args.steps:
        model.train()
        batch = augment(args.model, train.random_batch(args.batch, g), g, intensity)
        ddf = forward(model, args.model, batch["moving"], batch["fixed"])
        loss = loss_for(args.model, batch, ddf, lncc, bending)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        step += 1
        if step % args.checkpoint_every == 0 or step == args.steps:
            val_loss = val_res = float("nan")
            if val is not None:
                model.eval()
                with torch.no_grad():
                    vb = val.batch(range(min(len(val), 64)))
                    vddf = forward(model, args.model, vb["moving"], vb["fixed"])
                    val_loss = loss_for(args.model, vb, vddf, lncc, bending).item()
                    if "true_ddf" in vb:
                        val_res = residual_px(vddf, vb["true_ddf"])
            writer.writerow([step, f"{loss.item():.6f}", f"{val_loss:.6f}", f"{val_res:.4f}", f"{time.time() - start:.1f}"])
            log.flush()
            checkpoint.save(ckpt, model, optimiser, step, g, {"config": config})
            print(f"step {step} loss {loss.item():.4f} val {val_loss:.4f} residual {val_res:.3f}px", flush=True)
            checkpoint.log_and_plot(log_path, os.path.join(args.out, "loss.png"))
    log.close()


if __name__ == "__main__":
    main()
