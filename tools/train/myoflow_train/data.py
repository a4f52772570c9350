"""Training pairs from an HDF5 training set (layout: docs/formats.md, "Training set").

A PairSource yields batches of float32 tensors (B, 1, H, W): `moving`, `fixed`, and, where the
set provides them, `moving_static` / `fixed_static` (the same frames without contrast change,
standing in for the seed's RPCA low-rank images), `reference` (PCA synthetic reference for
stages 2-3) and `true_ddf` (B, 2, H, W) for validation. Records are read lazily by index, so
sets larger than memory work."""
import h5py
import numpy as np
import torch

from .preprocess import prepare

# Dataset names in the training-set file, mapped to the keys above (one place to adapt).
NAMES = {
    "moving": "moving",
    "fixed": "fixed",
    "moving_static": "moving_static",
    "fixed_static": "fixed_static",
    "reference": "reference",
    "true_ddf": "true_ddf",
}


class PairSource:
    def __init__(self, path: str, indices=None, preprocess: bool = True):
        self.file = h5py.File(path, "r")
        self.available = {k: v for k, v in NAMES.items() if v in self.file}
        for required in ("moving", "fixed"):
            if required not in self.available:
                raise KeyError(f"{path}: training set lacks dataset '{NAMES[required]}'")
        n = self.file[NAMES["moving"]].shape[0]
        self.indices = np.arange(n) if indices is None else np.asarray(indices)
        self.preprocess = preprocess

    def __len__(self):
        return len(self.indices)

    def batch(self, rows) -> dict:
        rows = np.sort(self.indices[np.asarray(rows)])
        out = {}
        for key, name in self.available.items():
            data = self.file[name][rows]
            if key == "true_ddf":
                out[key] = torch.from_numpy(np.asarray(data, np.float32))
            else:
                imgs = [prepare(x) if self.preprocess else np.asarray(x, np.float32) for x in data]
                out[key] = torch.from_numpy(np.stack(imgs))[:, None]
        return out

    def random_batch(self, size: int, g: torch.Generator) -> dict:
        rows = torch.randint(0, len(self.indices), (size,), generator=g).numpy()
        return self.batch(np.unique(rows))
