#!/usr/bin/env python3
"""Train the LV / myocardium / RV segmentation U-Net on a training-set HDF5 with label maps.

  python tools/train/train_segmentation.py --data train.h5 --val val.h5 --out tools/train/runs/segmentation

Data: a phantom training set (`myoflow phantom --training-set N`, docs/formats.md "Training
set": `fixed` + `labels_fixed`, and `moving` + `labels_moving` unless the moving frame is PD or
mistriggered), a set packed by pack_segmentation.py (.npz, prepared uint8 images: compact enough
to carry to a GPU machine), or a legacy set with `image` + `labels`. Labels uint8: 0 background,
1 LV blood, 2 myocardium, 3 RV blood. `--device cuda` trains on a GPU (augmentation stays on
the CPU generator, so a run is reproducible on either). Loss: Dice + cross-entropy (MONAI DiceCELoss). Augmentation: random
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
    """All frames of a set, prepared (preprocess.prepare), held in memory as uint8 or float32."""

    def __init__(self, path):
        if path.endswith(".npz"):
            z = np.load(path)
            self.images = z["images"]  # uint8, already prepared, x255
            self.labels = z["labels"]
            self.centres = z["lv_centre_rc"]
            self.scale = 1 / 255
        else:
            with h5py.File(path, "r") as f:
                if "image" in f:
                    imgs, labs = [prepare(x) for x in f["image"]], list(f["labels"])
                elif "fixed" in f and "labels_fixed" in f:
                    meta = f["meta"][()] if "meta" in f else None
                    imgs, labs = [], []
                    for i in range(f["fixed"].shape[0]):
                        imgs.append(prepare(f["fixed"][i])); labs.append(f["labels_fixed"][i])
                        if "labels_moving" in f and (meta is None or (meta[i, 3] < 0.5 and meta[i, 4] < 0.5)):
                            imgs.append(prepare(f["moving"][i])); labs.append(f["labels_moving"][i])
                else:
                    raise KeyError(f"{path}: neither `fixed`+`labels_fixed` nor `image`+`labels`")
            self.images, self.labels, self.scale = np.stack(imgs).astype(np.float32), np.stack(labs), 1.0
            self.centres = None
        self.n = self.images.shape[0]

    def batch(self, rows, crop=0, jitter=0, g=None):
        """Frames `rows`; with `crop`, a crop x crop window around each frame's LV centre moved by
        up to `jitter` pixels (LV-centred training windows: ~2.5x cheaper than whole frames on CPU;
        the network is fully convolutional, inference runs on the 128 x 128 crop)."""
        rows = np.asarray(rows)
        images = self.images[rows].astype(np.float32) * self.scale
        labels = np.asarray(self.labels[rows], np.int64)
        if crop and crop < images.shape[-1]:
            size = images.shape[-1]
            if self.centres is not None:
                centre = self.centres[rows].copy()
            else:
                centre = np.full((len(rows), 2), (size - 1) / 2, np.float32)
            if jitter and g is not None:
                centre += ((torch.rand(len(rows), 2, generator=g) * 2 - 1) * jitter).numpy()
            top = np.clip(np.rint(centre - crop / 2).astype(int), 0, size - crop)
            images = np.stack([im[t0:t0 + crop, t1:t1 + crop] for im, (t0, t1) in zip(images, top)])
            labels = np.stack([lb[t0:t0 + crop, t1:t1 + crop] for lb, (t0, t1) in zip(labels, top)])
        return torch.from_numpy(np.ascontiguousarray(images[:, None])), torch.from_numpy(np.ascontiguousarray(labels[:, None]))


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
    p.add_argument("--device", default="cpu")
    p.add_argument("--crop", type=int, default=0, help="train on LV-centred crop x crop windows (multiple of 16; 0: whole frames)")
    p.add_argument("--jitter", type=float, default=12, help="random shift of the crop window, pixels")
    p.add_argument("--val-count", type=int, default=256, help="validation frames scored at each checkpoint")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    config = dict(models.DEFAULTS["segmentation"])
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump({"model": "segmentation", "config": config, "args": vars(args)}, f, indent=1)
    device = torch.device(args.device)
    model = models.build(config).to(device)
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
        x, y = train.batch(rows, args.crop, args.jitter, g)
        size = x.shape[-1]
        ddf = ddf_from_theta(rotate.theta(x.shape[0], size, g), size, size)
        x = intensity(warp(x, ddf), g)
        y = warp(y.float(), ddf, mode="nearest").long()
        if torch.rand(1, generator=g).item() < 0.5:
            x, y = x.flip(-1), y.flip(-1)
        loss = loss_fn(model(x.to(device)), y.to(device))
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
                    vx, vy = val.batch(np.arange(min(val.n, args.val_count)))
                    logits = torch.cat([model(vx[k:k + 64].to(device)) for k in range(0, vx.shape[0], 64)])
                    vy = vy.to(device)
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
