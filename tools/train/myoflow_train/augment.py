"""Augmentations of the seed paper (Schueler 2026, Supplementary Tables 1-2) plus domain
randomisation. All randomness comes from an explicit torch.Generator so runs are reproducible."""
import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F


@dataclass
class IntensityAugmentation:
    """Supplementary Table 1: Gaussian noise (sd 0.01, always), intensity scale factor
    1 + U(-0.3, 0.3), shift U(-0.2, 0.2); optional gamma for domain randomisation."""
    noise_sd: float = 0.01
    scale: float = 0.3
    shift: float = 0.2
    gamma: float = 0.0  # log-gamma range; 0 disables

    def __call__(self, x: torch.Tensor, g: torch.Generator) -> torch.Tensor:
        b = x.shape[0]
        shape = (b,) + (1,) * (x.dim() - 1)
        if self.gamma > 0:
            lg = (torch.rand(shape, generator=g) * 2 - 1) * self.gamma
            x = x.clamp(min=0) ** torch.exp(lg)
        s = 1 + (torch.rand(shape, generator=g) * 2 - 1) * self.scale
        o = (torch.rand(shape, generator=g) * 2 - 1) * self.shift
        n = torch.randn(x.shape, generator=g) * self.noise_sd
        return x * s + o + n


@dataclass
class RigidAugmentation:
    """Supplementary Table 2: uniform translation (pixels) and rotation (radians), applied with a
    probability. First affine model: p 1, (-20, 20) px, (-0.8, 0.8) rad; second: p 0.5, 10 px, 0.4 rad."""
    probability: float
    max_translation_px: float
    max_rotation_rad: float

    def theta(self, b: int, size: int, g: torch.Generator) -> torch.Tensor:
        """Per-sample 2x3 affine in MONAI's index-grid convention (sample position = theta @ [i, j, 1])."""
        apply = (torch.rand(b, generator=g) < self.probability).float()
        ang = (torch.rand(b, generator=g) * 2 - 1) * self.max_rotation_rad * apply
        t = (torch.rand(b, 2, generator=g) * 2 - 1) * self.max_translation_px * apply[:, None]
        c = (size - 1) / 2
        cos, sin = torch.cos(ang), torch.sin(ang)
        theta = torch.zeros(b, 2, 3)
        theta[:, 0, 0], theta[:, 0, 1] = cos, -sin
        theta[:, 1, 0], theta[:, 1, 1] = sin, cos
        theta[:, 0, 2] = c - cos * c + sin * c + t[:, 0]
        theta[:, 1, 2] = c - sin * c - cos * c + t[:, 1]
        return theta


def ddf_from_theta(theta: torch.Tensor, h: int, w: int) -> torch.Tensor:
    """DDF = theta @ [i, j, 1] - [i, j] on the index grid (MONAI AffineHead convention)."""
    i, j = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    grid = torch.stack([i, j, torch.ones_like(i)])  # 3, H, W
    pos = torch.einsum("qij,bpq->bpij", grid, theta)
    return pos - grid[:2][None]


def warp(x: torch.Tensor, ddf: torch.Tensor, mode: str = "bilinear") -> torch.Tensor:
    """monai.networks.blocks.Warp semantics: border padding, align_corners=True, DDF channel 0 = rows."""
    b, _, h, w = x.shape
    i, j = torch.meshgrid(torch.arange(h, dtype=x.dtype, device=x.device), torch.arange(w, dtype=x.dtype, device=x.device),
                          indexing="ij")
    gi = (i[None] + ddf[:, 0]) * 2 / max(h - 1, 1) - 1
    gj = (j[None] + ddf[:, 1]) * 2 / max(w - 1, 1) - 1
    grid = torch.stack([gj, gi], dim=-1)  # grid_sample wants (x=col, y=row)
    return F.grid_sample(x, grid, mode=mode, padding_mode="border", align_corners=True)


def rotation_degrees(theta: torch.Tensor) -> torch.Tensor:
    return torch.atan2(theta[:, 1, 0], theta[:, 0, 0]) * 180 / math.pi
