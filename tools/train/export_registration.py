#!/usr/bin/env python3
"""Export a registration checkpoint (train_registration.py) to the MyoFlow model format
(Models/affine1.h5, affine2.h5, nonrigid.h5) with its validation metrics, and write the parity
fixture the Swift tests check: `--golden` validation pairs (prepared network inputs) and the
PyTorch output DDFs.

  python tools/train/export_registration.py --run tools/train/runs/affine1 --val tools/train/runs/val_reg128.npz \
      --out Models/affine1.h5 --fixture Tests/MotionCorrectionTests/Fixtures/affine1_golden.h5

The registration grid (pixel size and size the network was trained on, pack_registration.py) is
stored in the provenance as `grid_pixel_mm` / `grid_size`; the Swift deep estimators resample
their LV-centred window onto that grid."""
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
from myoflow_train.data import open_source  # noqa: E402
from train_registration import fixed_input, forward, validation_stage_inputs  # noqa: E402


def engine_config(config: dict) -> dict:
    """The Swift engine's ModelConfig for a training config (MONAI argument names)."""
    if config["architecture"] == "GlobalNet":
        return {"architecture": "GlobalNet", "spatial_dims": 2, "in_channels": 2, "image_size": config["image_size"],
                "num_channel_initial": config["num_channel_initial"], "depth": config["depth"]}
    return {"architecture": "LocalNet", "spatial_dims": 2, "in_channels": 2, "out_channels": 2,
            "num_channel_initial": config["num_channel_initial"], "extract_levels": config["extract_levels"]}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True)
    p.add_argument("--val", required=True, help="validation set of held-out seeds: packed (pack_registration.py) or a stage set (StageTrainingSet)")
    p.add_argument("--out", required=True)
    p.add_argument("--fixture")
    p.add_argument("--golden", type=int, default=20)
    p.add_argument("--provenance", default="{}")
    args = p.parse_args()
    with open(os.path.join(args.run, "config.json")) as f:
        run = json.load(f)
    name, config = run["model"], run["config"]
    net = models.build(config)
    state = torch.load(os.path.join(args.run, "checkpoint.pt"), map_location="cpu", weights_only=False)
    net.load_state_dict(state["model"])
    net.eval()
    val = open_source(args.val)
    grid_mm = val.grid_pixel_mm
    size = int(val.arrays["moving"].shape[-1])
    rows = range(min(len(val), 256))
    with torch.no_grad():
        # The inputs the run validated on: a refining stage sees frames an earlier stage pre-aligned.
        a = run["args"]
        vb = validation_stage_inputs(name, val.batch(rows), a.get("field_px", 3.0), a.get("input_error_px"), a.get("input_error_rad"),
                                     val.prealigned)
        target = vb.get("target_ddf", vb["true_ddf"])
        ddf = torch.cat([forward(net, name, vb["moving"][k:k + 32], fixed_input(name, vb)[k:k + 32]) for k in range(0, len(rows), 32)])
        before = torch.sqrt((target ** 2).sum(1).mean((1, 2)))
        after = torch.sqrt(((ddf - target) ** 2).sum(1).mean((1, 2)))
    metrics = {"val_pairs": len(rows), "val_rms_true_field_px_median": round(float(before.median()), 3),
               "val_rms_residual_px_median": round(float(after.median()), 3),
               "val_rms_residual_px_p90": round(float(after.quantile(0.9)), 3)}
    print(f"{name} validation: {metrics}")
    if hasattr(net, "affine_head_parametrisation"):
        with torch.no_grad():
            probe = torch.cat([vb["moving"][:4], fixed_input(name, vb)[:4]], 1)
            before_fold = net(probe)
            models.fold_affine_head(net)
            drift = (net(probe) - before_fold).abs().max().item()
        assert drift < 1e-3, f"folding the affine head changed the output by {drift} px"
    prov = {"model": name, "steps": int(state["step"]), "grid_pixel_mm": grid_mm, "grid_size": size,
            "input_order": list(models.INPUT_ORDER), "training_args": run["args"], **metrics, **json.loads(args.provenance)}
    digest = save_model(args.out, net, engine_config(config), {"method": "minmax_histeq"}, prov)
    print(f"{args.out}: sha256 {digest}, {os.path.getsize(args.out) / 1e6:.2f} MB")
    if args.fixture:
        g = range(min(args.golden, len(rows)))
        x = torch.cat([vb["moving"][list(g)], fixed_input(name, vb)[list(g)]], 1)
        with torch.no_grad():
            y = net(x)
        tmp = args.fixture + ".partial"
        with h5py.File(tmp, "w") as f:
            f.attrs["model_sha256"] = digest
            f.attrs["description"] = f"{name}: prepared (moving, fixed) validation pairs and the PyTorch output DDF"
            f.create_dataset("input", data=np.ascontiguousarray(x.numpy(), dtype="<f4"), compression="gzip")
            f.create_dataset("output", data=np.ascontiguousarray(y.numpy(), dtype="<f4"), compression="gzip")
        os.replace(tmp, args.fixture)
        print(f"{args.fixture}: {len(g)} pairs")


if __name__ == "__main__":
    main()
