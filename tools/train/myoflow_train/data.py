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


class PackedPairSource:
    """A set written by pack_registration.py (.npz): prepared uint8 windows at a fixed pixel size,
    held in memory."""

    prealigned = False  # training adds synthetic stage inputs for the refining stages

    def __init__(self, path: str):
        z = np.load(path)
        self.arrays = {k: z[k] for k in NAMES if k in z.files}
        for required in ("moving", "fixed"):
            if required not in self.arrays:
                raise KeyError(f"{path}: packed set lacks '{required}'")
        self.count = self.arrays["moving"].shape[0]
        self.grid_pixel_mm = float(z["grid_pixel_mm"]) if "grid_pixel_mm" in z.files else None

    def __len__(self):
        return self.count

    def batch(self, rows) -> dict:
        rows = np.sort(np.asarray(rows))
        out = {}
        for key, a in self.arrays.items():
            x = torch.from_numpy(a[rows].astype(np.float32))
            out[key] = x if key == "true_ddf" else (x / 255)[:, None]
        return out

    def random_batch(self, size: int, g: torch.Generator) -> dict:
        return self.batch(torch.randint(0, self.count, (size,), generator=g).numpy())


class StagePairSource(PackedPairSource):
    """A refining stage's pairs as the product gives them (`StageTrainingSet`, Swift): the moving
    frame through the earlier stage's affine and the PCA reference, already on the network grid
    and normalised, with the residual target field as `true_ddf`. Held in memory like a packed set."""

    FORMAT = "myoflow-stage-training-set"
    prealigned = True  # the earlier stages already ran: no synthetic stage inputs on top

    def __init__(self, path: str):
        with h5py.File(path, "r") as f:
            def images(name):
                return np.clip(np.rint(f[name][:] * 255), 0, 255).astype(np.uint8)
            reference = images("reference")
            self.arrays = {"moving": images("moving"), "fixed": reference, "reference": reference,
                           "true_ddf": f["true_ddf"][:].astype(np.float16)}
            self.grid_pixel_mm = float(np.ravel(f.attrs["grid_pixel_mm"])[0]) if "grid_pixel_mm" in f.attrs else None
        self.count = self.arrays["moving"].shape[0]


class ConcatenatedSource(PackedPairSource):
    """In-memory sets of one kind and grid (packed or stage sets) used as one."""

    def __init__(self, sources):
        kinds = {(type(s), s.grid_pixel_mm, tuple(sorted(s.arrays))) for s in sources}
        if len(kinds) != 1:
            raise ValueError("sets to combine must be of one kind, grid and layout")
        self.arrays = {k: np.concatenate([s.arrays[k] for s in sources]) for k in sources[0].arrays}
        self.count = self.arrays["moving"].shape[0]
        self.grid_pixel_mm = sources[0].grid_pixel_mm
        self.prealigned = sources[0].prealigned


def open_source(path: str):
    """A packed .npz set (pack_registration.py), a stage set (StageTrainingSet) or a raw training-set
    HDF5; comma-separated packed or stage sets are used as one."""
    if "," in path:
        return ConcatenatedSource([open_source(p) for p in path.split(",")])
    if path.endswith(".npz"):
        return PackedPairSource(path)
    with h5py.File(path, "r") as f:
        stage = f.attrs.get("format", b"")
    if (stage.decode() if isinstance(stage, bytes) else str(stage)) == StagePairSource.FORMAT:
        return StagePairSource(path)
    return PairSource(path)


class PairSource:
    prealigned = False

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
