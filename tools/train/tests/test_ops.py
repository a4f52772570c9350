"""Checks of the training helpers against MONAI (run: python -m pytest tools/train/tests)."""
import os
import sys

import numpy as np
import torch
from monai.networks.blocks import Warp

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from myoflow_train.augment import RigidAugmentation, ddf_from_theta, warp  # noqa: E402
from myoflow_train.losses import global_ncc, normalised_mutual_information  # noqa: E402
from myoflow_train.preprocess import prepare  # noqa: E402


def test_warp_matches_monai():
    g = torch.Generator().manual_seed(0)
    x = torch.rand(2, 1, 24, 20, generator=g)
    ddf = torch.randn(2, 2, 24, 20, generator=g) * 3
    ref = Warp(mode="bilinear", padding_mode="border")(x, ddf)
    assert torch.allclose(warp(x, ddf), ref, atol=1e-5)


def test_rigid_theta_rotates_about_centre():
    aug = RigidAugmentation(1.0, 0.0, 0.5)
    theta = aug.theta(3, 33, torch.Generator().manual_seed(1))
    ddf = ddf_from_theta(theta, 33, 33)
    assert torch.allclose(ddf[:, :, 16, 16], torch.zeros(3, 2), atol=1e-5)


def test_ncc_and_nmi_extremes():
    g = torch.Generator().manual_seed(2)
    a = torch.rand(4, 1, 32, 32, generator=g)
    b = torch.rand(4, 1, 32, 32, generator=g)
    assert abs(global_ncc(a, a).item() - 1) < 1e-5
    assert abs(global_ncc(a, -a).item() + 1) < 1e-5
    assert abs(global_ncc(a, b).item()) < 0.1
    same, indep = normalised_mutual_information(a, a).item(), normalised_mutual_information(a, b).item()
    assert same > 1.5 and indep < 1.1 and same > indep


def test_prepare_is_equalised_and_bounded():
    x = np.random.default_rng(3).gamma(2.0, 10.0, size=(64, 64)).astype(np.float32)
    y = prepare(x)
    assert 0 <= y.min() and y.max() <= 1
    assert abs(float(np.median(y)) - 0.5) < 0.02  # equalised: median maps to ~0.5
    assert np.all(prepare(np.ones((4, 4))) == 0)
