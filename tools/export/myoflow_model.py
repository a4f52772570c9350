"""Write and read MyoFlow model files (docs/formats.md, "Model weights (HDF5)") from Python.

Used by the training scripts to ship a trained network to the Swift NeuralEngine, and by
export_golden.py for the parity fixtures:

    from myoflow_model import save_model
    save_model("Models/globalnet-moco.h5", net,
               config={"architecture": "GlobalNet", "image_size": [128, 128], "spatial_dims": 2,
                       "in_channels": 2, "num_channel_initial": 16, "depth": 4},
               input_normalisation={"method": "percentile", "lower_percentile": 1, "upper_percentile": 99},
               provenance={"channels": ["moving", "fixed"], "loss": "NCC", "steps": 5000})

`config` holds `architecture` plus the MONAI constructor arguments by their MONAI names.
"""
from __future__ import annotations

import hashlib
import json
import os

import h5py
import numpy as np
import torch


def parameter_sha256(params: dict[str, np.ndarray]) -> str:
    """SHA-256 over the little-endian float32 bytes of all parameter datasets, keys sorted by
    their UTF-8 bytes."""
    h = hashlib.sha256()
    for key in sorted(params, key=lambda k: k.encode("utf-8")):
        h.update(np.ascontiguousarray(params[key], dtype="<f4").tobytes())
    return h.hexdigest()


def state_parameters(net: torch.nn.Module) -> dict[str, np.ndarray]:
    """The state_dict as float32 arrays, without `num_batches_tracked`."""
    return {k: np.ascontiguousarray(v.detach().cpu().numpy().astype("<f4"))
            for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")}


def save_model(path: str, net: torch.nn.Module, config: dict, input_normalisation: dict | None = None,
               provenance: dict | None = None, extra: dict[str, dict[str, np.ndarray]] | None = None) -> str:
    """Write `net` as a MyoFlow model file (temporary name, then renamed). `extra` adds groups of
    datasets (e.g. golden input/output). Returns the parameter SHA-256."""
    params = state_parameters(net)
    prov = {"framework": f"torch {torch.__version__}", **(provenance or {})}
    try:
        import monai
        prov.setdefault("monai", monai.__version__)
    except ImportError:
        pass
    digest = parameter_sha256(params)
    tmp = path + ".partial"
    with h5py.File(tmp, "w") as f:
        f.attrs["format"] = "myoflow-model-weights"
        f.attrs["format_version"] = 1
        f.attrs["config"] = json.dumps(config, sort_keys=True)
        f.attrs["input_normalisation"] = json.dumps(input_normalisation or {"method": "none"}, sort_keys=True)
        f.attrs["provenance"] = json.dumps(prov, sort_keys=True)
        f.attrs["sha256"] = digest
        g = f.create_group("parameters")
        for k, v in params.items():
            g.create_dataset(k, data=v)
        for name, datasets in (extra or {}).items():
            eg = f.create_group(name)
            for k, v in datasets.items():
                eg.create_dataset(k, data=np.ascontiguousarray(v, dtype="<f4"))
    os.replace(tmp, path)
    return digest


def load_parameters(path: str, verify: bool = True) -> tuple[dict, dict[str, np.ndarray]]:
    """Read (config, parameters) back, checking the SHA-256."""
    with h5py.File(path, "r") as f:
        config = json.loads(f.attrs["config"])
        params = {k: f["parameters"][k][()] for k in f["parameters"]}
        stored = f.attrs["sha256"]
    if verify and parameter_sha256(params) != stored:
        raise ValueError(f"{path}: parameter SHA-256 mismatch")
    return config, params
