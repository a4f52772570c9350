#!/usr/bin/env python3
"""Pack a phantom training set (docs/formats.md, "Training set") into a compact segmentation set.

  python tools/train/pack_segmentation.py train.h5 train_seg.npz [--limit N]

Each record contributes `fixed` + `labels_fixed` and, unless the moving frame is a PD frame or a
mistriggered frame (`meta` columns 3 and 4), `moving` + `labels_moving` (another contrast phase,
another pose: variety for free). PD frames are left out because the product segments a dynamic
frame (peak-LV or MoCo reference); mistriggered frames have a cardiac phase unlike every other
frame of a study.

Images are stored already prepared (preprocess.prepare: min-max + 256-bin histogram
equalisation, values in [0, 1]) and quantised to uint8 (x·255 rounded): the equalised values are
CDF levels of a 256-bin histogram, so 8 bits lose nothing the network could use, and the set is
~4x smaller (it must travel to a training machine). train_segmentation.py divides by 255."""
import argparse
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from myoflow_train.preprocess import prepare  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source")
    p.add_argument("out")
    p.add_argument("--limit", type=int, default=0, help="at most this many records (0: all)")
    p.add_argument("--no-moving", action="store_true", help="fixed frames only")
    args = p.parse_args()
    with h5py.File(args.source, "r") as f:
        n = f["fixed"].shape[0] if args.limit <= 0 else min(args.limit, f["fixed"].shape[0])
        meta = np.asarray(f["meta"][:n])
        images, labels, pixel_mm, source, centres = [], [], [], [], []
        for start in range(0, n, 256):
            stop = min(n, start + 256)
            fx, lf = f["fixed"][start:stop], f["labels_fixed"][start:stop]
            mv, lm = f["moving"][start:stop], f["labels_moving"][start:stop]
            cf, cm = f["landmarks_fixed"][start:stop, 0], f["landmarks_moving"][start:stop, 0]
            for k in range(stop - start):
                i = start + k
                images.append(prepare(fx[k])); labels.append(lf[k]); pixel_mm.append(meta[i, 0]); source.append((i, 0)); centres.append(cf[k])
                if not args.no_moving and meta[i, 3] < 0.5 and meta[i, 4] < 0.5:
                    images.append(prepare(mv[k])); labels.append(lm[k]); pixel_mm.append(meta[i, 0]); source.append((i, 1)); centres.append(cm[k])
        seed = int(f.attrs.get("seed", -1))
    images = np.clip(np.rint(np.stack(images) * 255), 0, 255).astype(np.uint8)
    labels = np.stack(labels).astype(np.uint8)
    tmp = args.out + ".partial.npz"
    np.savez_compressed(tmp, images=images, labels=labels, pixel_mm=np.asarray(pixel_mm, np.float32),
                        source=np.asarray(source, np.int32), lv_centre_rc=np.asarray(centres, np.float32), seed=np.int64(seed))
    os.replace(tmp, args.out)
    print(f"{args.out}: {len(images)} frames from {n} records (seed {seed}); label fractions "
          + " ".join(f"{c}:{(labels == c).mean():.3f}" for c in range(4)))


if __name__ == "__main__":
    main()
