#!/usr/bin/env python3
"""Export golden fixtures for the Swift NeuralEngine parity tests.

Every fixture is produced by PyTorch / MONAI with fixed seeds and random weights, so the Swift
engine is checked against the reference framework op by op and network by network.

Rerun (from the repository root):

    /work/venv/train/bin/python tools/export/export_golden.py

(any Python with torch==2.13.0+cpu, monai==1.6.1, h5py and numpy works). It rewrites
Tests/NeuralEngineTests/Fixtures/*.h5 deterministically (same bytes of tensor data for the same
library versions). Keep the fixtures small: together a few hundred KB.

Files
- ops.h5: one group per op, each with its inputs, parameters and the reference output.
- <model>.h5: a model in the MyoFlow weight format (docs/formats.md, "Model weights (HDF5)")
  plus a `golden` group with `input` and `output` of the whole network in eval mode.
"""
from __future__ import annotations

import os
import sys

import h5py
import numpy as np
import torch
import torch.nn.functional as F
from monai.networks.blocks import Warp
from monai.networks.nets import BasicUNet, GlobalNet, LocalNet
from monai.networks.nets.regunet import AdditiveUpSampleBlock, AffineHead

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from myoflow_model import save_model, state_parameters  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "NeuralEngineTests", "Fixtures")


def f32(t: torch.Tensor) -> np.ndarray:
    return np.ascontiguousarray(t.detach().cpu().numpy().astype("<f4"))


def randomise_batchnorm(module: torch.nn.Module, gen: torch.Generator) -> None:
    """Give every BatchNorm non-trivial affine parameters and running statistics."""
    for m in module.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            c = m.num_features
            with torch.no_grad():
                m.weight.copy_(0.5 + torch.rand(c, generator=gen))
                m.bias.copy_(0.2 * torch.randn(c, generator=gen))
                m.running_mean.copy_(0.2 * torch.randn(c, generator=gen))
                m.running_var.copy_(0.5 + torch.rand(c, generator=gen))


def write_model(path: str, net: torch.nn.Module, config: dict, x: torch.Tensor, description: str) -> None:
    """Write `net` in the MyoFlow weight format plus golden input/output (eval mode)."""
    net.eval()
    with torch.no_grad():
        y = net(x)
    save_model(path, net, config, input_normalisation={"method": "none"},
               provenance={"created_by": "tools/export/export_golden.py", "description": description,
                           "training": "random weights (golden parity fixture, not a trained model)"},
               extra={"golden": {"input": f32(x), "output": f32(y)}})
    print(f"{os.path.relpath(path, ROOT)}: {sum(v.size for v in state_parameters(net).values())} parameters")


def export_models(seed: int = 1234) -> None:
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)

    # GlobalNet 32x32, depth 2, 4 initial channels, random affine head (not the identity init).
    cfg = dict(architecture="GlobalNet", image_size=[32, 32], spatial_dims=2, in_channels=2,
               num_channel_initial=4, depth=2)
    net = GlobalNet(**{k: v for k, v in cfg.items() if k != "architecture"})
    randomise_batchnorm(net, gen)
    with torch.no_grad():
        net.output_block.fc.weight.copy_(0.01 * torch.randn(net.output_block.fc.weight.shape, generator=gen))
        net.output_block.fc.bias.add_(0.05 * torch.randn(6, generator=gen))
    write_model(os.path.join(OUT, "globalnet_d2.h5"), net, cfg, torch.rand(2, 2, 32, 32, generator=gen),
                "GlobalNet 32x32 depth 2, C0=4")

    # GlobalNet 16x16, depth 3, strided-conv down-sampling (pooling=False), 2 initial channels.
    cfg = dict(architecture="GlobalNet", image_size=[16, 16], spatial_dims=2, in_channels=2,
               num_channel_initial=2, depth=3, pooling=False)
    net = GlobalNet(**{k: v for k, v in cfg.items() if k != "architecture"})
    randomise_batchnorm(net, gen)
    with torch.no_grad():
        net.output_block.fc.weight.copy_(0.05 * torch.randn(net.output_block.fc.weight.shape, generator=gen))
    write_model(os.path.join(OUT, "globalnet_d3_strided.h5"), net, cfg, torch.rand(1, 2, 16, 16, generator=gen),
                "GlobalNet 16x16 depth 3, C0=2, pooling=False")

    # LocalNet 32x32, extract levels 0-3, 2 initial channels.
    cfg = dict(architecture="LocalNet", spatial_dims=2, in_channels=2, num_channel_initial=2,
               extract_levels=[0, 1, 2, 3], out_channels=2)
    net = LocalNet(**{**{k: v for k, v in cfg.items() if k != "architecture"},
                      "extract_levels": tuple(cfg["extract_levels"])})
    randomise_batchnorm(net, gen)
    write_model(os.path.join(OUT, "localnet_l0123.h5"), net, cfg, torch.rand(1, 2, 32, 32, generator=gen),
                "LocalNet 32x32 extract levels 0-3, C0=2")

    # LocalNet 16x16, extract levels 1-3 (decoder stops at level 1), 2 initial channels.
    cfg = dict(architecture="LocalNet", spatial_dims=2, in_channels=2, num_channel_initial=2,
               extract_levels=[1, 2, 3], out_channels=2)
    net = LocalNet(**{**{k: v for k, v in cfg.items() if k != "architecture"},
                      "extract_levels": tuple(cfg["extract_levels"])})
    randomise_batchnorm(net, gen)
    write_model(os.path.join(OUT, "localnet_l123.h5"), net, cfg, torch.rand(1, 2, 16, 16, generator=gen),
                "LocalNet 16x16 extract levels 1-3, C0=2")

    # BasicUNet 32x32 with BatchNorm and LeakyReLU(0.1): segmentation logits.
    cfg = dict(architecture="BasicUNet", spatial_dims=2, in_channels=1, out_channels=3, features=[2, 4, 4, 8, 8, 2],
               norm="batch", act="leakyrelu", negative_slope=0.1)
    net = BasicUNet(spatial_dims=2, in_channels=1, out_channels=3, features=(2, 4, 4, 8, 8, 2), norm="batch",
                    act=("LeakyReLU", {"negative_slope": 0.1}))
    randomise_batchnorm(net, gen)
    write_model(os.path.join(OUT, "basicunet_batch.h5"), net, cfg, torch.rand(1, 1, 32, 32, generator=gen),
                "BasicUNet 32x32 features (2,4,4,8,8,2), batch norm, LeakyReLU 0.1")

    # BasicUNet 32x32 with MONAI's default affine InstanceNorm and ReLU, 2 heatmap channels.
    cfg = dict(architecture="BasicUNet", spatial_dims=2, in_channels=1, out_channels=2, features=[2, 2, 4, 4, 8, 2],
               norm="instance", act="relu")
    net = BasicUNet(spatial_dims=2, in_channels=1, out_channels=2, features=(2, 2, 4, 4, 8, 2),
                    norm=("instance", {"affine": True}), act="relu")
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, torch.nn.InstanceNorm2d):
                m.weight.copy_(0.5 + torch.rand(m.num_features, generator=gen))
                m.bias.copy_(0.2 * torch.randn(m.num_features, generator=gen))
    write_model(os.path.join(OUT, "basicunet_instance.h5"), net, cfg, torch.rand(1, 1, 32, 32, generator=gen),
                "BasicUNet 32x32 features (2,2,4,4,8,2), instance norm, ReLU")


def export_ops(seed: int = 42) -> None:
    torch.manual_seed(seed)  # module constructors draw their initial weights from the global RNG
    gen = torch.Generator().manual_seed(seed)
    rn = lambda *s: torch.randn(*s, generator=gen)
    path = os.path.join(OUT, "ops.h5")
    with h5py.File(path, "w") as f:
        def group(name: str, attrs: dict | None = None, **tensors: torch.Tensor) -> None:
            g = f.create_group(name)
            for k, v in tensors.items():
                g.create_dataset(k, data=f32(v))
            for k, v in (attrs or {}).items():
                g.attrs[k] = np.asarray(v, dtype=np.int64)

        # Conv2d: 3x3 same padding with bias; 7x7 no bias; 2x2 stride 2 no padding; asymmetric.
        x = rn(2, 3, 9, 11); w = rn(5, 3, 3, 3); b = rn(5)
        group("conv3x3", {"stride": [1, 1], "padding": [1, 1]}, input=x, weight=w, bias=b,
              output=F.conv2d(x, w, b, stride=1, padding=1))
        x = rn(1, 2, 12, 10); w = rn(4, 2, 7, 7)
        group("conv7x7", {"stride": [1, 1], "padding": [3, 3]}, input=x, weight=w,
              output=F.conv2d(x, w, None, stride=1, padding=3))
        x = rn(1, 4, 8, 6); w = rn(6, 4, 2, 2)
        group("conv2x2s2", {"stride": [2, 2], "padding": [0, 0]}, input=x, weight=w,
              output=F.conv2d(x, w, None, stride=2, padding=0))
        x = rn(1, 3, 10, 9); w = rn(4, 3, 5, 3); b = rn(4)
        group("conv5x3_s21_p21", {"stride": [2, 1], "padding": [2, 1]}, input=x, weight=w, bias=b,
              output=F.conv2d(x, w, b, stride=(2, 1), padding=(2, 1)))

        # ConvTranspose2d: MONAI deconv (k3 s2 p1 op1, no bias) and k2 s2 with bias.
        x = rn(2, 6, 5, 4); w = rn(6, 3, 3, 3)
        group("deconv_k3s2p1op1", {"stride": [2, 2], "padding": [1, 1], "output_padding": [1, 1]},
              input=x, weight=w, output=F.conv_transpose2d(x, w, None, stride=2, padding=1, output_padding=1))
        x = rn(1, 4, 3, 5); w = rn(4, 2, 2, 2); b = rn(2)
        group("deconv_k2s2", {"stride": [2, 2], "padding": [0, 0], "output_padding": [0, 0]},
              input=x, weight=w, bias=b, output=F.conv_transpose2d(x, w, b, stride=2))

        # Conv (no bias) followed by eval-mode BatchNorm: checks folding.
        conv = torch.nn.Conv2d(3, 4, 3, padding=1, bias=False); bn = torch.nn.BatchNorm2d(4)
        randomise_batchnorm(bn, gen)
        with torch.no_grad():
            conv.weight.copy_(rn(4, 3, 3, 3))
        bn.eval()
        x = rn(1, 3, 7, 8)
        with torch.no_grad():
            y = bn(conv(x))
        group("conv_bn", {"padding": [1, 1]}, input=x, weight=conv.weight, bn_weight=bn.weight, bn_bias=bn.bias,
              bn_running_mean=bn.running_mean, bn_running_var=bn.running_var, output=y)
        # Transposed conv followed by BatchNorm.
        deconv = torch.nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1, bias=False)
        bn = torch.nn.BatchNorm2d(2); randomise_batchnorm(bn, gen); bn.eval()
        with torch.no_grad():
            deconv.weight.copy_(rn(4, 2, 3, 3))
        x = rn(1, 4, 4, 5)
        with torch.no_grad():
            y = bn(deconv(x))
        group("deconv_bn", {}, input=x, weight=deconv.weight, bn_weight=bn.weight, bn_bias=bn.bias,
              bn_running_mean=bn.running_mean, bn_running_var=bn.running_var, output=y)

        # Activations, pooling, resizing.
        x = rn(2, 3, 6, 8)
        group("relu", {}, input=x, output=F.relu(x))
        group("leaky_relu", {}, input=x, output=F.leaky_relu(x, 0.2))
        group("sigmoid", {}, input=x, output=torch.sigmoid(x))
        group("softmax", {}, input=x, output=torch.softmax(x, dim=1))
        group("maxpool2", {}, input=x, output=F.max_pool2d(x, 2))
        x = rn(1, 2, 7, 9)
        group("maxpool3s2p1", {"kernel": [3, 3], "stride": [2, 2], "padding": [1, 1]}, input=x,
              output=F.max_pool2d(x, 3, stride=2, padding=1))
        x = rn(1, 2, 5, 7)
        group("nearest_x2", {}, input=x, output=F.interpolate(x, size=(10, 14), mode="nearest"))
        group("nearest_12x9", {}, input=x, output=F.interpolate(x, size=(12, 9), mode="nearest"))
        group("bilinear_12x9", {}, input=x, output=F.interpolate(x, size=(12, 9), mode="bilinear", align_corners=False))
        group("bilinear_12x9_ac", {}, input=x, output=F.interpolate(x, size=(12, 9), mode="bilinear", align_corners=True))
        group("bilinear_3x4", {}, input=x, output=F.interpolate(x, size=(3, 4), mode="bilinear", align_corners=False))

        # MONAI additive up-sampling block with random BN statistics.
        up = AdditiveUpSampleBlock(spatial_dims=2, in_channels=6, out_channels=3)
        randomise_batchnorm(up, gen); up.eval()
        x = rn(2, 6, 4, 5)
        with torch.no_grad():
            y = up(x)
        sd = up.state_dict()
        group("additive_upsample", {}, input=x, weight=sd["deconv.conv.weight"], bn_weight=sd["deconv.adn.N.weight"],
              bn_bias=sd["deconv.adn.N.bias"], bn_running_mean=sd["deconv.adn.N.running_mean"],
              bn_running_var=sd["deconv.adn.N.running_var"], output=y)

        # Linear and the MONAI affine head (random, not identity, weights).
        x = rn(3, 20); w = rn(6, 20); b = rn(6)
        group("linear", {}, input=x, weight=w, bias=b, output=F.linear(x, w, b))
        head = AffineHead(spatial_dims=2, image_size=[6, 5], decode_size=[2, 2], in_channels=3)
        with torch.no_grad():
            head.fc.weight.copy_(0.1 * rn(6, 12))
            head.fc.bias.add_(0.1 * rn(6))
        x = rn(2, 3, 2, 2)
        with torch.no_grad():
            y = head([x], image_size=[6, 5])
        group("affine_head", {}, input=x, weight=head.fc.weight, bias=head.fc.bias,
              theta=head.fc(x.reshape(2, -1)), output=y)

        # Warp: bilinear (images) and nearest (labels), border padding, displacements reaching outside.
        img = rn(2, 3, 9, 8)
        ddf = 3.0 * rn(2, 2, 9, 8)
        with torch.no_grad():
            group("warp_bilinear", {}, input=img, ddf=ddf, output=Warp(mode="bilinear", padding_mode="border")(img, ddf))
            labels = torch.randint(0, 4, (2, 1, 9, 8), generator=gen).float()
            group("warp_nearest", {}, input=labels, ddf=ddf,
                  output=Warp(mode="nearest", padding_mode="border")(labels, ddf))
            # Composition: warping with `first` then with `second` equals one warp with the composed field.
            first = 1.5 * rn(1, 2, 9, 8); second = 1.5 * rn(1, 2, 9, 8)
            warp = Warp(mode="bilinear", padding_mode="border")
            composed = second + warp(first, second)
            group("compose", {}, first=first, second=second, output=composed)
    print(f"{os.path.relpath(path, ROOT)}")


def main() -> int:
    os.makedirs(OUT, exist_ok=True)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(1)
    export_ops()
    export_models()
    total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT) if n.endswith(".h5"))
    print(f"fixtures total: {total / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
