"""Network input preprocessing, shared by training and (re-implemented identically) by the Swift
engine: min-max normalisation to [0, 1], then histogram equalisation (seed paper, Methods).

The exact definition matters because Swift must reproduce it:
  x01 = (x - min) / (max - min)            (all-zero when max == min)
  hist = 256 equal bins over [0, 1]; cdf = cumsum(hist) / N
  y = interp(x01, bin_centres, cdf)        (linear; clamped at both ends)
  a constant image gives zeros
"""
import numpy as np
import torch

BINS = 256


def normalise01(x: np.ndarray) -> np.ndarray:
    lo, hi = float(x.min()), float(x.max())
    if hi <= lo:
        return np.zeros_like(x, dtype=np.float32)
    return ((x - lo) / (hi - lo)).astype(np.float32)


def equalise(x01: np.ndarray) -> np.ndarray:
    hist, _ = np.histogram(x01, bins=BINS, range=(0.0, 1.0))
    cdf = np.cumsum(hist).astype(np.float64) / max(1, x01.size)
    centres = (np.arange(BINS) + 0.5) / BINS
    return np.interp(x01, centres, cdf).astype(np.float32)


def prepare(x: np.ndarray) -> np.ndarray:
    """One 2-D frame (or crop) to network input; a constant image carries no information and
    maps to zeros."""
    x = np.asarray(x, dtype=np.float32)
    if float(x.max()) <= float(x.min()):
        return np.zeros_like(x)
    return equalise(normalise01(x))


def prepare_batch(x: torch.Tensor) -> torch.Tensor:
    """Per-image preparation of a (B, 1, H, W) tensor."""
    out = [torch.from_numpy(prepare(img[0].cpu().numpy()))[None] for img in x]
    return torch.stack(out).to(x.device)
