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
from myoflow_train.data import open_source  # noqa: E402
from myoflow_train.losses import global_ncc, normalised_mutual_information  # noqa: E402

RIGID = {"affine1": RigidAugmentation(1.0, 20, 0.8), "affine2": RigidAugmentation(0.5, 10, 0.4), "nonrigid": None}


def fixed_input(name, batch):
    """affine1 sees the fixed frame (another contrast); affine2 and nonrigid see the PCA
    reference (the phantom's ideal one), as in the product's stages 2-3."""
    return batch["fixed"] if name == "affine1" else batch.get("reference", batch["fixed"])


def forward(model, name, moving, fixed):
    x = torch.cat([moving, fixed], dim=1)  # models.INPUT_ORDER
    return model(x)  # DDF (B, 2, H, W), for GlobalNet built from its affine head


def loss_for(name, batch, ddf, lncc, bending):
    moved = warp(batch["moving"], ddf)
    if name == "affine1":
        if "moving_static" in batch:
            moved_static = warp(batch["moving_static"], ddf)
            # NMI on 2x-pooled images: its Parzen histogram is 80% of the step's cost at full size.
            half = lambda x: torch.nn.functional.avg_pool2d(x, 2)  # noqa: E731
            return (-0.5 * global_ncc(batch["fixed_static"], moved_static)
                    - 0.25 * normalised_mutual_information(half(batch["fixed_static"]), half(moved))
                    - 0.25 * normalised_mutual_information(half(batch["fixed"]), half(moved_static)))
        return -global_ncc(batch["fixed"], moved)
    target = batch.get("reference", batch["fixed"])
    if name == "affine2":
        return -global_ncc(target, moved)
    return lncc(moved, target) + 10 * bending(ddf)


def affine_part(ddf):
    """Least-squares affine field (B, 2, H, W) of a displacement field."""
    b, _, h, w = ddf.shape
    i, j = torch.meshgrid(torch.arange(h, dtype=ddf.dtype), torch.arange(w, dtype=ddf.dtype), indexing="ij")
    basis = torch.stack([torch.ones_like(i), i, j], -1).reshape(-1, 3)  # N, 3
    coef = torch.linalg.lstsq(basis[None].expand(b, -1, -1), ddf.flatten(2).transpose(1, 2)).solution  # B, 3, 2
    return (basis[None] @ coef).transpose(1, 2).reshape(b, 2, h, w)


def smooth_field(b, h, w, g, amplitude_px, sigma_px=12.0):
    """Random smooth displacement (B, 2, H, W): upsampled coarse noise scaled to a random RMS up
    to `amplitude_px` (the non-rigid stage's domain randomisation)."""
    coarse = torch.randn(b, 2, max(2, int(h / sigma_px)), max(2, int(w / sigma_px)), generator=g)
    field = torch.nn.functional.interpolate(coarse, size=(h, w), mode="bicubic", align_corners=True)
    rms = field.pow(2).sum(1).mean((1, 2)).sqrt().clamp(min=1e-6)
    scale = torch.rand(b, generator=g) * amplitude_px / rms
    return field * scale[:, None, None, None]


def stage_inputs(batch, g, amplitude_px, error_px=1.5, error_rad=0.03):
    """Inputs of a refining stage: the moving frame after an (imperfect) earlier stage. The true
    field's affine part is removed, a random rigid error (up to `error_px`, `error_rad`) and a
    random smooth field (RMS up to `amplitude_px`; 0 for affine2) are added; `target_ddf` is what
    the stage must then find (first order). Small errors train the precision near identity that
    stages 2-3 need in the product, where they refine stage 1's ~0.6 px."""
    out = dict(batch)
    true = batch["true_ddf"]
    b, _, h, w = true.shape
    err = ddf_from_theta(RigidAugmentation(1.0, error_px, error_rad).theta(b, h, g), h, w)
    pre = affine_part(true) + err
    if amplitude_px > 0:
        pre = pre + smooth_field(b, h, w, g, amplitude_px)
    for k in ("moving", "moving_static"):
        if k in out:
            out[k] = warp(out[k], pre)
    out["target_ddf"] = true - pre
    return out


def stage_input_errors(model, input_error_px, input_error_rad):
    """(error_px, error_rad, refine_affine) of a run's stage inputs: nonrigid always sees them
    (1.5 px by default); affine2 only when --input-error-px is given. The training loop and
    `validation_stage_inputs` share it."""
    error_px = input_error_px if input_error_px is not None else 1.5
    error_rad = input_error_rad if input_error_rad is not None else 0.02 * error_px
    return error_px, error_rad, model == "affine2" and input_error_px is not None


def validation_stage_inputs(model, batch, field_px, input_error_px, input_error_rad, prealigned=False):
    """A validation batch as the run's stage sees it in the product (fixed generator, so every
    checkpoint and the export score the same pairs): nonrigid and, with --input-error-px, affine2
    get pre-aligned stage inputs; affine1, and the pairs of a stage set (`prealigned`: the
    product's own stage inputs), as they are. Training and export share it."""
    if prealigned:
        return batch
    error_px, error_rad, refine_affine = stage_input_errors(model, input_error_px, input_error_rad)
    if model == "nonrigid":
        return stage_inputs(batch, torch.Generator().manual_seed(99), field_px, error_px, error_rad)
    if refine_affine:
        return stage_inputs(batch, torch.Generator().manual_seed(99), 0, error_px, error_rad)
    return batch


def augment(name, batch, g, intensity, rigid_scale=1.0):
    """Rigid augmentation of moving (and its static twin) and fixed, then intensity augmentation.
    `rigid_scale` scales the translation and rotation ranges."""
    rigid = RIGID[name]
    if rigid is not None and rigid_scale != 1.0:
        rigid = RigidAugmentation(rigid.probability, rigid.max_translation_px * rigid_scale, rigid.max_rotation_rad * rigid_scale)
    out = dict(batch)
    size = batch["moving"].shape[-1]
    if rigid is not None:
        thetas = []
        for keys in (("moving", "moving_static"), ("fixed", "fixed_static", "reference")):
            theta = rigid.theta(batch["moving"].shape[0], size, g)
            thetas.append(theta)
            ddf = ddf_from_theta(theta, size, size)
            for k in keys:
                if k in out:
                    out[k] = warp(out[k], ddf)
        if "true_ddf" in out:
            out["true_ddf"] = augmented_field(out["true_ddf"], *thetas)
    for k in ("moving", "fixed", "moving_static", "fixed_static", "reference"):
        if k in out:
            out[k] = intensity(out[k], g)
    return out


def augmented_field(u, theta_m, theta_f):
    """The correction field after the moving frame was resampled at θ_m·x and the fixed frame at
    θ_f·x: v(x) = θ_m⁻¹(θ_f x + u(θ_f x)) − x."""
    h, w = u.shape[-2:]
    ddf_f = ddf_from_theta(theta_f, h, w)
    i, j = torch.meshgrid(torch.arange(h, dtype=u.dtype), torch.arange(w, dtype=u.dtype), indexing="ij")
    grid = torch.stack([i, j])[None]
    p = grid + ddf_f + warp(u, ddf_f)  # B, 2, H, W: positions in the original moving frame
    a, t = theta_m[:, :, :2], theta_m[:, :, 2]
    q = torch.einsum("bpq,bqij->bpij", torch.linalg.inv(a), p - t[:, :, None, None])
    return q - grid


def supervised_loss(ddf, target, sigma_frac=0.25):
    """Mean squared displacement error (px²), Gaussian-weighted around the window centre (the LV):
    the phantom's true field, where the set provides it, speeds CPU training up a lot."""
    h, w = ddf.shape[-2:]
    i, j = torch.meshgrid(torch.arange(h, dtype=ddf.dtype, device=ddf.device), torch.arange(w, dtype=ddf.dtype, device=ddf.device),
                          indexing="ij")
    r2 = ((i - (h - 1) / 2) ** 2 + (j - (w - 1) / 2) ** 2) / (sigma_frac * h) ** 2
    weight = torch.exp(-0.5 * r2)
    return (((ddf - target) ** 2).sum(1) * weight).sum((1, 2)).mean() / weight.sum()


def to_device(batch, device):
    """The batch's tensors on the training device (augmentation ran on the CPU)."""
    return {k: v.to(device) if torch.is_tensor(v) else v for k, v in batch.items()}


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
    p.add_argument("--device", default="cpu",
                   help="where the network trains (e.g. cuda); batches are drawn and augmented on the CPU, so runs are deterministic per seed on each device")
    p.add_argument("--head-lr", type=float, help="GlobalNet: learning rate of the affine head (default --lr)")
    p.add_argument("--rigid-scale", type=float, default=1.0, help="scale of the seed's rigid augmentation ranges")
    p.add_argument("--init", help="checkpoint.pt of another run to start from (same architecture)")
    p.add_argument("--supervised", type=float, default=0.05,
                   help="weight of the supervised term (px², Gaussian-weighted) when the set has true fields; 0: the seed's unsupervised losses only")
    p.add_argument("--supervised-sigma", type=float, default=0.25,
                   help="width of the supervised term's Gaussian weight, fraction of the grid side (0.12: mostly the heart, "
                        "which moves more than the chest wall; an affine cannot follow both)")
    p.add_argument("--gamma", type=float, default=0.3, help="log-gamma range of the intensity augmentation (domain randomisation)")
    p.add_argument("--field-px", type=float, default=3.0, help="nonrigid: RMS bound of the random smooth input field (pixels)")
    p.add_argument("--input-error-px", type=float,
                   help="stage inputs: bound of the rigid error left by the earlier stage (px; nonrigid default 1.5; "
                        "given for affine2, its moving frame is pre-aligned by the true affine part plus this error)")
    p.add_argument("--input-error-rad", type=float, default=None, help="stage inputs: rotation bound of that error (default 0.02 x px)")
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

    device = torch.device(args.device)
    model = models.build(config).to(device)
    head_params = [p for n, p in model.named_parameters() if n.startswith("output_block.fc.")]
    body_params = [p for n, p in model.named_parameters() if not n.startswith("output_block.fc.")]
    groups = [{"params": body_params}] + ([{"params": head_params, "lr": args.head_lr or args.lr}] if head_params else [])
    optimiser = torch.optim.Adam(groups, lr=args.lr)
    g = torch.Generator().manual_seed(args.seed)
    step = 0
    ckpt = os.path.join(args.out, "checkpoint.pt")
    if os.path.exists(ckpt):
        step = checkpoint.load(ckpt, model, optimiser, g)
        # The command line's learning rates win over the checkpoint's (a later phase may lower them).
        for group, lr in zip(optimiser.param_groups, [args.lr] + ([args.head_lr or args.lr] if head_params else [])):
            group["lr"] = lr
        print(f"resumed at step {step}", flush=True)
    elif args.init:
        # Start from another run's weights (affine2 from affine1: same architecture, finer task).
        model.load_state_dict(torch.load(args.init, map_location=device, weights_only=False)["model"])
        print(f"initialised from {args.init}", flush=True)

    error_px, error_rad, refine_affine = stage_input_errors(args.model, args.input_error_px, args.input_error_rad)
    train = open_source(args.data)
    val = open_source(args.val) if args.val else None
    intensity = IntensityAugmentation(gamma=args.gamma)
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
        batch = train.random_batch(args.batch, g)
        if args.model == "nonrigid" and not train.prealigned:
            batch = stage_inputs(batch, g, args.field_px, error_px, error_rad)
        batch = augment(args.model, batch, g, intensity, args.rigid_scale)
        if refine_affine and not train.prealigned:
            batch = stage_inputs(batch, g, 0, error_px, error_rad)
        batch = to_device(batch, device)
        ddf = forward(model, args.model, batch["moving"], fixed_input(args.model, batch))
        loss = loss_for(args.model, batch, ddf, lncc, bending)
        target = batch.get("target_ddf", batch.get("true_ddf"))
        if args.supervised > 0 and target is not None:
            loss = loss + args.supervised * supervised_loss(ddf, target, args.supervised_sigma)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        step += 1
        if step % args.checkpoint_every == 0 or step == args.steps:
            val_loss = val_res = float("nan")
            if val is not None:
                model.eval()
                with torch.no_grad():
                    vb = validation_stage_inputs(args.model, val.batch(range(min(len(val), 64))), args.field_px,
                                                 args.input_error_px, args.input_error_rad, val.prealigned)
                    vb = to_device(vb, device)
                    vddf = forward(model, args.model, vb["moving"], fixed_input(args.model, vb))
                    val_loss = loss_for(args.model, vb, vddf, lncc, bending).item()
                    if "target_ddf" in vb:
                        val_res = residual_px(vddf, vb["target_ddf"])
                    elif "true_ddf" in vb:
                        val_res = residual_px(vddf, vb["true_ddf"])
            writer.writerow([step, f"{loss.item():.6f}", f"{val_loss:.6f}", f"{val_res:.4f}", f"{time.time() - start:.1f}"])
            log.flush()
            checkpoint.save(ckpt, model, optimiser, step, g, {"config": config})
            print(f"step {step} loss {loss.item():.4f} val {val_loss:.4f} residual {val_res:.3f}px", flush=True)
            checkpoint.log_and_plot(log_path, os.path.join(args.out, "loss.png"))
    log.close()


if __name__ == "__main__":
    main()
