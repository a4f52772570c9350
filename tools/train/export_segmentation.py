#!/usr/bin/env python3
"""Export a segmentation checkpoint to the MyoFlow model format (Models/segmentation.h5) and write
the parity fixture the Swift tests check (raw frames, their prepared network input, the logits).

  python tools/train/export_segmentation.py --run tools/train/runs/segmentation --val val_seg.h5 \
      --out Models/segmentation.h5 --fixture Tests/PreprocessingTests/Fixtures/segmentation_golden.h5 \
      --provenance '{"train_seed": 11, ...}'

`--val` is a phantom training-set HDF5 (raw frames): the fixture holds its first `--golden` fixed
frames, raw, so the Swift side checks the whole chain normalisation → network."""
import argparse
import json
import os
import sys

import h5py
import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "export"))
from myoflow_model import save_model  # noqa: E402
from myoflow_train import models  # noqa: E402
from myoflow_train.preprocess import prepare  # noqa: E402

# The Swift engine's names for the same network (ModelConfig, docs/formats.md).
ENGINE_CONFIG = {"architecture": "BasicUNet", "spatial_dims": 2, "in_channels": 1, "out_channels": 4,
                 "features": [16, 16, 32, 64, 128, 16], "norm": "batch", "act": "leakyrelu",
                 "negative_slope": 0.1, "upsample": "deconv"}
NORMALISATION = {"method": "minmax_histeq"}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True)
    p.add_argument("--val", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--fixture")
    p.add_argument("--golden", type=int, default=2)
    p.add_argument("--provenance", default="{}")
    p.add_argument("--val-npz", help="packed validation set: per-class Dice over all its frames goes into the provenance")
    args = p.parse_args()
    config = dict(models.DEFAULTS["segmentation"])
    assert config["features"] == ENGINE_CONFIG["features"]
    net = models.build(config)
    state = torch.load(os.path.join(args.run, "checkpoint.pt"), map_location="cpu", weights_only=False)
    net.load_state_dict(state["model"])
    net.eval()
    metrics = {}
    if args.val_npz:
        z = np.load(args.val_npz)
        inter, total = np.zeros(4), np.zeros(4)
        per_frame_myo = []
        with torch.no_grad():
            for k in range(0, len(z["images"]), 32):
                x = torch.from_numpy(z["images"][k:k + 32].astype(np.float32) / 255)[:, None]
                pred = net(x).argmax(1).numpy()
                lab = z["labels"][k:k + 32]
                for c in range(1, 4):
                    inter[c] += ((pred == c) & (lab == c)).sum()
                    total[c] += (pred == c).sum() + (lab == c).sum()
                for a, b in zip(pred, lab):
                    d = (a == 2).sum() + (b == 2).sum()
                    if d:
                        per_frame_myo.append(2 * ((a == 2) & (b == 2)).sum() / d)
        metrics = {"val_frames": int(len(z["images"])), "val_seed": int(z["seed"]),
                   "val_dice_lv": round(float(2 * inter[1] / total[1]), 4), "val_dice_myo": round(float(2 * inter[2] / total[2]), 4),
                   "val_dice_rv": round(float(2 * inter[3] / total[3]), 4),
                   "val_dice_myo_median_per_frame": round(float(np.median(per_frame_myo)), 4)}
        print("validation:", metrics)
    prov = {"model": "segmentation", **metrics, "classes": ["background", "lv_blood", "myocardium", "rv_blood"],
            "steps": int(state["step"]), **json.loads(args.provenance)}
    digest = save_model(args.out, net, ENGINE_CONFIG, NORMALISATION, prov)
    print(f"{args.out}: sha256 {digest}, {os.path.getsize(args.out) / 1e6:.2f} MB")
    if args.fixture:
        with h5py.File(args.val, "r") as f:
            raw = np.asarray(f["fixed"][: args.golden], np.float32)
            labels = np.asarray(f["labels_fixed"][: args.golden], np.float32)
        prepared = np.stack([prepare(x) for x in raw])[:, None]
        with torch.no_grad():
            logits = net(torch.from_numpy(prepared)).numpy()
        tmp = args.fixture + ".partial"
        with h5py.File(tmp, "w") as f:
            f.attrs["model_sha256"] = digest
            f.attrs["description"] = "raw phantom frames, prepare() output, PyTorch logits of Models/segmentation.h5"
            for k, v in (("raw", raw[:, None]), ("prepared", prepared), ("logits", logits), ("labels", labels[:, None])):
                f.create_dataset(k, data=np.ascontiguousarray(v, dtype="<f4"), compression="gzip")
        os.replace(tmp, args.fixture)
        print(f"{args.fixture}: {args.golden} frames")


if __name__ == "__main__":
    main()
