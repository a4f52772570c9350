"""Losses the seed paper uses that MONAI lacks: global NCC and normalised mutual information.
LNCC and bending energy come from MONAI."""
import torch


def global_ncc(a: torch.Tensor, b: torch.Tensor, eps: float = 1e-6) -> torch.Tensor:
    """Mean over the batch of the normalised cross-correlation of whole images (-1..1)."""
    a = a.flatten(1)
    b = b.flatten(1)
    a = a - a.mean(1, keepdim=True)
    b = b - b.mean(1, keepdim=True)
    num = (a * b).sum(1)
    den = torch.sqrt((a * a).sum(1) * (b * b).sum(1) + eps)
    return (num / den).mean()


def normalised_mutual_information(a: torch.Tensor, b: torch.Tensor, bins: int = 32, sigma_ratio: float = 0.5,
                                  eps: float = 1e-10) -> torch.Tensor:
    """Studholme NMI = (H(A) + H(B)) / H(A, B) with Parzen (Gaussian) windows, inputs in [0, 1].
    Ranges 1 (independent) to 2 (identical). Mean over the batch."""
    centres = torch.linspace(0, 1, bins, device=a.device, dtype=a.dtype)
    sigma = sigma_ratio / (bins - 1)

    def weights(x):
        x = x.flatten(1).clamp(0, 1)[..., None]  # B, N, 1
        w = torch.exp(-0.5 * ((x - centres) / sigma) ** 2)
        return w / (w.sum(-1, keepdim=True) + eps)  # B, N, bins

    wa, wb = weights(a), weights(b)
    pab = torch.bmm(wa.transpose(1, 2), wb) / wa.shape[1]  # B, bins, bins
    pa, pb = pab.sum(2), pab.sum(1)
    ha = -(pa * torch.log(pa + eps)).sum(1)
    hb = -(pb * torch.log(pb + eps)).sum(1)
    hab = -(pab * torch.log(pab + eps)).sum((1, 2))
    return ((ha + hb) / (hab + eps)).mean()
