#!/usr/bin/env python3
"""Pack a phantom training set (docs/formats.md, "Training set") into LV-centred registration
windows at a fixed pixel size, the registration networks' input space.

  python tools/train/pack_registration.py train.h5 train_reg128.npz --size 128 --pixel-mm 1.5
  python tools/train/pack_registration.py train.h5 train_reg96.npz  --size 96  --pixel-mm 1.5

Every record's images are resampled (bilinear, border) onto a `size`×`size` grid of `pixel-mm`
pixels centred on the fixed frame's LV centre (`landmarks_fixed[0]`) plus a random offset of up
to `--jitter-mm` (the product centres on an estimate, `Preprocessing.BloodPoolLocator`). The same
window is used for both frames, as in the product (`RegistrationGrid` in the Swift engine's
MotionCorrection stage). `true_ddf` becomes u'(y) = u(x(y)) · p/q (native pixel p mm, grid pixel
q mm). Images are stored prepared (preprocess.prepare on the window) and quantised to uint8, the
field as float16."""
import argparse
import os
import sys

import h5py
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(__file__))
from myoflow_train.preprocess import prepare  # noqa: E402

IMAGES = ("moving", "fixed", "moving_static", "fixed_static", "reference")


def window_grid(centre_rc, native_mm, size, grid_mm, h, w):
    """grid_sample grid (1, size, size, 2) sampling native pixel x = c + (y - (size-1)/2)·q/p."""
    s = grid_mm / native_mm
    y = (torch.arange(size, dtype=torch.float64) - (size - 1) / 2) * s
    rows = centre_rc[0] + y
    cols = centre_rc[1] + y
    gi = rows * 2 / (h - 1) - 1
    gj = cols * 2 / (w - 1) - 1
    gi, gj = torch.meshgrid(gi, gj, indexing="ij")
    return torch.stack([gj, gi], -1)[None].float()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source")
    p.add_argument("out")
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--pixel-mm", type=float, default=1.5)
    p.add_argument("--jitter-mm", type=float, default=8.0)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    rng = np.random.default_rng(args.seed)
    out = {k: [] for k in IMAGES}
    ddfs, meta_rows, motion_rows = [], [], []
    with h5py.File(args.source, "r") as f:
        n = f["fixed"].shape[0] if args.limit <= 0 else min(args.limit, f["fixed"].shape[0])
        meta = np.asarray(f["meta"][:n])
        motion = np.asarray(f["motion"][:n])
        h, w = f["fixed"].shape[1:]
        present = [k for k in IMAGES if k in f]
        for start in range(0, n, 128):
            stop = min(n, start + 128)
            block = {k: np.asarray(f[k][start:stop], np.float32) for k in present}
            ddf = np.asarray(f["true_ddf"][start:stop], np.float32)
            centres = np.asarray(f["landmarks_fixed"][start:stop, 0], np.float64)
            for k in range(stop - start):
                i = start + k
                native = float(meta[i, 0])
                jitter = rng.uniform(-1, 1, 2) * args.jitter_mm / native
                grid = window_grid(centres[k] + jitter, native, args.size, args.pixel_mm, h, w)
                for key in present:
                    img = torch.from_numpy(block[key][k])[None, None]
                    res = F.grid_sample(img, grid, mode="bilinear", padding_mode="border", align_corners=True)[0, 0].numpy()
                    out[key].append(np.clip(np.rint(prepare(res) * 255), 0, 255).astype(np.uint8))
                u = F.grid_sample(torch.from_numpy(ddf[k])[None], grid, mode="bilinear", padding_mode="border", align_corners=True)[0]
                ddfs.append((u.numpy() * native / args.pixel_mm).astype(np.float16))
                meta_rows.append(meta[i]); motion_rows.append(motion[i])
        seed = f.attrs.get("seed", b"-1")
    arrays = {k: np.stack(v) for k, v in out.items() if v}
    tmp = args.out + ".partial.npz"
    np.savez(tmp, true_ddf=np.stack(ddfs), meta=np.stack(meta_rows), motion=np.stack(motion_rows),
             grid_pixel_mm=np.float32(args.pixel_mm), source_seed=np.bytes_(str(seed)), **arrays)
    os.replace(tmp, args.out)
    rms = np.sqrt((np.stack(ddfs).astype(np.float32) ** 2).sum(1).mean())
    print(f"{args.out}: {n} records, {args.size}x{args.size} at {args.pixel_mm} mm; true field RMS {rms:.2f} px")


if __name__ == "__main__":
    main()
