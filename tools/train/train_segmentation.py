#!/usr/bin/env python3
"""Train the LV / myocardium / RV segmentation U-Net on a training-set HDF5 with label maps.

  python tools/train/train_segmentation.py --data train.h5 --val val.h5 --out tools/train/runs/segmentation

Inputs are 128x128 LV crops (`image`), labels uint8 (`labels`: 0 background, 1 LV blood,
2 myocardium, 3 RV blood). Loss: Dice + cross-entropy (MONAI DiceCELoss). Augmentation: random
rotation (any angle: the RV may be on any side), flips, the seed's intensity augmentation and a
random gamma. Resumes from OUT/checkpoint.pt; logs OUT/log.csv, OUT/loss.png."""
import argparse
import csv
import json
import os
import sys
import time

import h5py
import numpy as np
import torch
from monai.losses import DiceCELoss

sys.path.insert(0, os.path.dirname(__file__))
from myoflow_train import checkpoint, models  # noqa: E402
from myoflow_train.augment import IntensityAugmentation, RigidAugmentation, ddf_from_theta, warp  # noqa: E402
from myoflow_train.preprocess import prepare  # noqa: E402


class SegmentationSource:
    def __init__(self, path):
        self.file = h5py.File(path, "r")
        for name in ("image", "labels"):
            if name not in self.file:
                raise KeyError(f"{path}: training set lacks dataset '{name}'")
        self.n = self.file["image"].shape[0]

    def batch(self, rows):
        rows = np.sort(np.unique(np.asarray(rows)))
        images = np.stack([prepare(x) for x in self.file["image"][rows]])[:, None]
        labels = np.asarray(self.file["labels"][rows], np.int64)[:, None]
        return torch.from_numpy(images), torch.from_numpy(labels)


def dice_per_class(logits, labels, classes=(1, 2, 3)):
    pred = logits.argmax(1, keepdim=True)
    out = []
    for c in classes:
        a, b = pred == c, labels == c
        denom = a.sum() + b.sum()
        out.append((2 * (a & b).sum() / denom).item() if denom > 0 else 1.0)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--val")
    p.add_argument("--out", required=True)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--checkpoint-every", type=int, default=100)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    config = dict(models.DEFAULTS["segmentation"])
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump({"model": "segmentation", "config": config, "args": vars(args)}, f, indent=1)
    model = models.build(config)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimiser, T_max=args.steps, eta_min=args.lr * 0.05)
    g = torch.Generator().manual_seed(args.seed)
    step = 0
    ckpt = os.path.join(args.out, "checkpoint.pt")
    if os.path.exists(ckpt):
        step = checkpoint.load(ckpt, model, optimiser, g)
        for _ in range(step):
            schedule.step()
        print(f"resumed at step {step}", flush=True)
    train = SegmentationSource(args.data)
    val = SegmentationSource(args.val) if args.val else None
    loss_fn = DiceCELoss(to_onehot_y=True, softmax=True)
    rotate = RigidAugmentation(1.0, 6, np.pi)
    intensity = IntensityAugmentation(gamma=0.4)
    log_path = os.path.join(args.out, "log.csv")
    new_log = not os.path.exists(log_path)
    log = open(log_path, "a", newline="")
    writer = csv.writer(log)
    if new_log:
        writer.writerow(["step", "loss", "val_loss", "dice_lv", "dice_myo", "dice_rv", "seconds"])
    start = time.time()
    while step < args.steps:
        model.train()
        rows = torch.randint(0, train.n, (args.batch,), generator=g).numpy()
        x, y = train.batch(rows)
        size = x.shape[-1]
        ddf = ddf_from_theta(rotate.theta(x.shape[0], size, g), size, size)
        x = intensity(warp(x, ddf), g)
        y = warp(y.float(), ddf, mode="nearest").long()
        if torch.rand(1, generator=g).item() < 0.5:
            x, y = x.flip(-1), y.flip(-1)
        loss = loss_fn(model(x), y)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        step += 1
        if step % args.checkpoint_every == 0 or step == args.steps:
            vloss, dice = float("nan"), [float("nan")] * 3
            if val is not None:
                model.eval()
                with torch.no_grad():
                    vx, vy = val.batch(range(min(val.n, 64)))
                    logits = model(vx)
                    vloss = loss_fn(logits, vy).item()
                    dice = dice_per_class(logits, vy)
            writer.writerow([step, f"{loss.item():.5f}", f"{vloss:.5f}"] + [f"{d:.4f}" for d in dice] + [f"{time.time() - start:.1f}"])
            log.flush()
            checkpoint.save(ckpt, model, optimiser, step, g, {"config": config})
            print(f"step {step} loss {loss.item():.4f} val {vloss:.4f} dice LV/myo/RV {dice}", flush=True)
            checkpoint.log_and_plot(log_path, os.path.join(args.out, "loss.png"))
    log.close()


if __name__ == "__main__":
    main()
