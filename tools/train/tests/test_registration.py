"""Checks of the registration training inputs: augmented true fields, the affine part of a field,
and the packing grid (run: python -m pytest tools/train/tests)."""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from myoflow_train.augment import RigidAugmentation, ddf_from_theta, warp  # noqa: E402
from pack_registration import window_grid  # noqa: E402
from train_registration import affine_part, augmented_field, stage_inputs, supervised_loss  # noqa: E402


def smooth_image(b, h, w, g):
    coarse = torch.rand(b, 1, 6, 6, generator=g)
    return F.interpolate(coarse, size=(h, w), mode="bicubic", align_corners=True)


def test_augmented_field_maps_augmented_moving_onto_augmented_fixed():
    g = torch.Generator().manual_seed(3)
    h = w = 48
    moving = smooth_image(2, h, w, g)
    u = F.interpolate(torch.randn(2, 2, 4, 4, generator=g) * 2, size=(h, w), mode="bicubic", align_corners=True)
    fixed = warp(moving, u)
    aug = RigidAugmentation(1.0, 4, 0.2)
    tm, tf = aug.theta(2, h, g), aug.theta(2, h, g)
    moving_aug, fixed_aug = warp(moving, ddf_from_theta(tm, h, w)), warp(fixed, ddf_from_theta(tf, h, w))
    v = augmented_field(u, tm, tf)
    inner = (slice(None), slice(None), slice(10, -10), slice(10, -10))
    err = (warp(moving_aug, v) - fixed_aug)[inner].abs().max()
    before = (moving_aug - fixed_aug)[inner].abs().max()
    assert err < 0.02 * before, (err, before)


def test_affine_part_recovers_an_affine_field_exactly():
    theta = RigidAugmentation(1.0, 5, 0.3).theta(3, 20, torch.Generator().manual_seed(4))
    ddf = ddf_from_theta(theta, 20, 24)
    assert torch.allclose(affine_part(ddf), ddf, atol=1e-4)


def test_stage_inputs_leave_the_earlier_stages_error_as_target():
    # A refining stage's moving frame is pre-aligned by the true field's affine part plus a rigid
    # error; warping it by the target must give back the frame corrected by the true field.
    g = torch.Generator().manual_seed(5)
    h = w = 48
    moving = smooth_image(2, h, w, g)
    true = ddf_from_theta(RigidAugmentation(1.0, 3, 0.1).theta(2, h, g), h, w) \
        + F.interpolate(torch.randn(2, 2, 4, 4, generator=g) * 0.5, size=(h, w), mode="bicubic", align_corners=True)
    batch = stage_inputs({"moving": moving, "true_ddf": true}, g, 0, error_px=1.0, error_rad=0.02)
    target = batch["target_ddf"]
    assert 0.3 < target.pow(2).sum(1).mean().sqrt() < true.pow(2).sum(1).mean().sqrt()
    inner = (slice(None), slice(None), slice(8, -8), slice(8, -8))
    err = (warp(batch["moving"], target) - warp(moving, true))[inner].abs().max()
    before = (batch["moving"] - warp(moving, true))[inner].abs().max()
    assert err < 0.1 * before, (err, before)


def test_supervised_sigma_weights_the_centre():
    # An error of 1 px outside a centre disc of radius 16 (on 64²) and none inside: the narrow
    # weight (the heart) barely sees it, the default one does; a uniform error costs 1 px² either way.
    h = w = 64
    i, j = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    outside = (((i - 31.5) ** 2 + (j - 31.5) ** 2) > 16 ** 2).float()
    error = torch.stack([outside, torch.zeros_like(outside)])[None]
    zero = torch.zeros_like(error)
    narrow, wide = supervised_loss(error, zero, 0.12).item(), supervised_loss(error, zero, 0.25).item()
    assert narrow < 0.15 and wide > 0.5  # weight mass outside the disc: exp(-r²/2σ²) = 0.11 vs 0.54
    uniform = torch.ones_like(error)
    for sigma in (0.12, 0.25):
        assert abs(supervised_loss(uniform, zero, sigma).item() - 2.0) < 1e-5  # 1 px in each component


def test_window_grid_samples_native_positions():
    # A ramp image r + 1000c is reproduced exactly by bilinear sampling at the grid positions.
    h, w = 40, 50
    i, j = torch.meshgrid(torch.arange(h, dtype=torch.float32), torch.arange(w, dtype=torch.float32), indexing="ij")
    img = (i + 1000 * j)[None, None]
    grid = window_grid((20.0, 25.0), native_mm=2.0, size=8, grid_mm=1.5, h=h, w=w)
    out = F.grid_sample(img, grid, mode="bilinear", padding_mode="border", align_corners=True)[0, 0]
    y = (torch.arange(8, dtype=torch.float32) - 3.5) * 0.75
    expected = (20 + y)[:, None] + 1000 * (25 + y)[None, :]
    assert torch.allclose(out, expected, atol=1e-2)


def test_centred_affine_head_folds_into_a_plain_globalnet():
    from myoflow_train import models
    config = dict(models.DEFAULTS["affine1"], image_size=[32, 32], depth=2, num_channel_initial=2)
    net = models.build(config).eval()
    g = torch.Generator().manual_seed(5)
    with torch.no_grad():
        net.output_block.fc.weight.copy_(torch.randn(net.output_block.fc.weight.shape, generator=g) * 0.01)
        net.output_block.fc.bias.copy_(torch.randn(6, generator=g))
    x = torch.rand(2, 2, 32, 32, generator=g)
    with torch.no_grad():
        centred = net(x)
        models.fold_affine_head(net)
        plain = net(x)
    assert "forward" not in vars(net.output_block)
    assert torch.allclose(centred, plain, atol=1e-4)


def test_centred_head_starts_at_identity_and_rotates_about_the_centre():
    from myoflow_train import models
    config = dict(models.DEFAULTS["affine1"], image_size=[36, 36], depth=2, num_channel_initial=2)
    net = models.build(config).eval()
    x = torch.rand(1, 2, 36, 36)
    with torch.no_grad():
        assert net(x).abs().max() < 1e-6
        net.output_block.fc.bias.copy_(torch.tensor([0.0, -10.0, 0.0, 10.0, 0.0, 0.0]))  # linear part ±0.1
        ddf = net(x)
    # centre (17.5, 17.5) is a fixed point: bilinear mean of the four central pixels' displacement is 0
    assert torch.allclose(ddf[0, :, 17:19, 17:19].mean((1, 2)), torch.zeros(2), atol=1e-5)
    assert ddf[0].abs().max() > 1.0


def test_training_runs_on_the_given_device_and_resumes(tmp_path):
    import subprocess

    import numpy as np
    g = np.random.default_rng(0)
    n, size = 4, 128
    images = {k: g.integers(0, 256, (n, size, size), dtype=np.uint8) for k in ("moving", "fixed", "reference")}
    data = tmp_path / "tiny.npz"
    np.savez(data, true_ddf=g.normal(0, 1, (n, 2, size, size)).astype(np.float16), grid_pixel_mm=np.float32(1.5), **images)
    script = os.path.join(os.path.dirname(__file__), "..", "train_registration.py")
    run = tmp_path / "run"

    def train(steps):
        args = [sys.executable, script, "--model", "affine2", "--data", str(data), "--val", str(data), "--out", str(run),
                "--steps", str(steps), "--batch", "2", "--checkpoint-every", "1", "--threads", "1", "--device", "cpu",
                "--input-error-px", "1.0"]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    train(2)
    assert "resumed at step 2" in train(3)
    rows = (run / "log.csv").read_text().strip().splitlines()
    assert [r.split(",")[0] for r in rows[1:]] == ["1", "2", "3"]
    assert all(float(r.split(",")[3]) > 0 for r in rows[1:])  # validation residual (px) on the device's output


def test_stage_sets_load_with_the_reference_as_fixed_image(tmp_path):
    import h5py
    import numpy as np
    from myoflow_train.data import StagePairSource, open_source
    g = np.random.default_rng(1)
    path = tmp_path / "stage.h5"
    with h5py.File(path, "w") as f:
        f["moving"] = g.uniform(0, 1, (3, 16, 16)).astype(np.float32)
        f["reference"] = g.uniform(0, 1, (3, 16, 16)).astype(np.float32)
        f["true_ddf"] = g.normal(0, 1, (3, 2, 16, 16)).astype(np.float32)
        f.attrs["format"] = StagePairSource.FORMAT
        f.attrs["grid_pixel_mm"] = 1.0
    source = open_source(str(path))
    assert isinstance(source, StagePairSource) and len(source) == 3 and source.grid_pixel_mm == 1.0
    b = source.batch([0, 2])
    with h5py.File(path, "r") as f:
        assert torch.allclose(b["moving"][1, 0], torch.from_numpy(f["moving"][2]), atol=0.5 / 255 + 1e-6)
        assert torch.equal(b["fixed"], b["reference"])
        assert torch.allclose(b["reference"][1, 0], torch.from_numpy(f["reference"][2]), atol=0.5 / 255 + 1e-6)
        assert torch.allclose(b["true_ddf"][1], torch.from_numpy(f["true_ddf"][2]), atol=2e-3)


def test_stage_sets_combine_in_order(tmp_path):
    import h5py
    import numpy as np
    from myoflow_train.data import StagePairSource, open_source
    paths = []
    for k, n in enumerate((2, 3)):
        path = tmp_path / f"stage{k}.h5"
        with h5py.File(path, "w") as f:
            f["moving"] = np.full((n, 8, 8), 0.1 * (k + 1), np.float32)
            f["reference"] = np.zeros((n, 8, 8), np.float32)
            f["true_ddf"] = np.full((n, 2, 8, 8), k, np.float32)
            f.attrs["format"] = StagePairSource.FORMAT
            f.attrs["grid_pixel_mm"] = 1.0
        paths.append(str(path))
    both = open_source(",".join(paths))
    assert len(both) == 5 and both.prealigned and both.grid_pixel_mm == 1.0
    b = both.batch([1, 2])
    assert b["true_ddf"][0].max() == 0 and b["true_ddf"][1].min() == 1
    assert abs(b["moving"][1].mean().item() - 0.2) < 1 / 255


def test_stage_set_pairs_are_not_pre_aligned_again():
    """A stage set holds the product's own stage inputs: validation (and training) must score the
    network on them as they are, with the set's field as target, not on synthetic stage inputs."""
    from train_registration import validation_stage_inputs
    g = torch.Generator().manual_seed(5)
    batch = {"moving": smooth_image(2, 32, 32, g), "reference": smooth_image(2, 32, 32, g), "true_ddf": torch.randn(2, 2, 32, 32, generator=g)}
    batch["fixed"] = batch["reference"]
    kept = validation_stage_inputs("nonrigid", batch, 3.0, None, None, prealigned=True)
    assert kept is batch and "target_ddf" not in kept
    synthetic = validation_stage_inputs("nonrigid", batch, 3.0, None, None)
    assert not torch.allclose(synthetic["moving"], batch["moving"]) and "target_ddf" in synthetic
