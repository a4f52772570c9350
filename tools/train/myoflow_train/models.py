"""The three registration models of the seed pipeline (MONAI GlobalNet / LocalNet) and their
configs. The config dict is stored with the exported weights and rebuilds the same network in
MyoFlow's Swift engine."""
import torch
from monai.networks.nets import BasicUNet, GlobalNet, LocalNet

# Input channel order for every registration network, fixed here and nowhere else.
INPUT_ORDER = ("moving", "fixed")

DEFAULTS = {
    # Seed: GlobalNet; depth 4 (depth 6 spends 30 M parameters on 2x2 maps) and 8 initial channels
    # (0.54 M parameters; 16 channels: 2.1 M, 2.4x the CPU step time) keep training within 2 CPU cores.
    "affine1": {"architecture": "GlobalNet", "image_size": [128, 128], "depth": 4, "num_channel_initial": 8,
                "head_parametrisation": "centred", "head_linear_scale": 0.01},
    "affine2": {"architecture": "GlobalNet", "image_size": [128, 128], "depth": 4, "num_channel_initial": 8,
                "head_parametrisation": "centred", "head_linear_scale": 0.01},
    # Seed: LocalNet on 96x96 crops, extract levels 0-4 (MONAI >= 1.1 semantics, with decoder).
    "nonrigid": {"architecture": "LocalNet", "image_size": [96, 96], "extract_levels": [0, 1, 2, 3, 4],
                 "num_channel_initial": 8},
    # Segmentation of background / LV blood / myocardium / RV blood on the 128x128 LV crop.
    # BatchNorm (not MONAI's default InstanceNorm) so the engine folds it into the convolutions.
    "segmentation": {"architecture": "BasicUNet", "image_size": [128, 128], "features": [16, 16, 32, 64, 128, 16],
                     "out_channels": 4, "norm": "batch", "act": ["LeakyReLU", {"negative_slope": 0.1, "inplace": True}],
                     "upsample": "deconv"},
}


def build(config: dict):
    if config["architecture"] == "GlobalNet":
        net = GlobalNet(image_size=config["image_size"], spatial_dims=2, in_channels=2,
                        num_channel_initial=config["num_channel_initial"], depth=config["depth"])
        if config.get("head_parametrisation") == "centred":
            centre_affine_head(net, config.get("head_linear_scale", 0.01))
        return net
    if config["architecture"] == "LocalNet":
        return LocalNet(spatial_dims=2, in_channels=2, out_channels=2,
                        num_channel_initial=config["num_channel_initial"],
                        extract_levels=tuple(config["extract_levels"]), out_kernel_initializer="zeros")
    if config["architecture"] == "BasicUNet":
        act = config["act"]
        return BasicUNet(spatial_dims=2, in_channels=1, out_channels=config["out_channels"],
                         features=tuple(config["features"]), norm=config["norm"], act=(act[0], act[1]),
                         upsample=config["upsample"])
    raise ValueError(f"unknown architecture {config['architecture']!r}")


def centre_affine_head(net, linear_scale: float = 0.01) -> None:
    """Training-time parametrisation of GlobalNet's affine head: the head's raw outputs r are a
    scaled linear part and a translation about the image centre,
        x' = x + s·[[r0, r1], [r3, r4]]·(x − c) + (r2, r5),
    instead of MONAI's θ about the index-grid origin (where a rotation needs a matching
    translation of up to 64 px, and Adam's ~lr-per-weight steps move scale as fast as
    translation). θ = P·r + q is linear, so `fold_affine_head` writes an exact MONAI GlobalNet
    for export; the Swift engine never sees this parametrisation."""
    head = net.output_block
    h, w = head.grid.shape[1:]
    c0, c1, s = (h - 1) / 2, (w - 1) / 2, linear_scale
    p = torch.tensor([[s, 0, 0, 0, 0, 0], [0, s, 0, 0, 0, 0], [-s * c0, -s * c1, 1, 0, 0, 0],
                      [0, 0, 0, s, 0, 0], [0, 0, 0, 0, s, 0], [0, 0, 0, -s * c0, -s * c1, 1]], dtype=torch.float64)
    q = torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float64)
    with torch.no_grad():
        head.fc.bias.zero_()  # raw 0 = identity

    def forward(x, image_size):
        f = x[0]
        head.grid = head.grid.to(device=f.device)  # a plain attribute in MONAI, not a buffer
        raw = head.fc(f.reshape(f.shape[0], -1))
        theta = raw @ p.T.to(raw) + q.to(raw)
        return head.affine_transform(theta) - head.grid

    head.forward = forward
    net.affine_head_parametrisation = (p, q)


def fold_affine_head(net) -> None:
    """Turns a `centre_affine_head` network back into a plain MONAI GlobalNet with the same output."""
    p, q = net.affine_head_parametrisation
    fc = net.output_block.fc
    with torch.no_grad():
        weight = (p @ fc.weight.double()).float()
        bias = (p @ fc.bias.double() + q).float()
        fc.weight.copy_(weight)
        fc.bias.copy_(bias)
    del net.output_block.forward  # back to AffineHead.forward
    del net.affine_head_parametrisation
