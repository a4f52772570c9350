"""The three registration models of the seed pipeline (MONAI GlobalNet / LocalNet) and their
configs. The config dict is stored with the exported weights and rebuilds the same network in
MyoFlow's Swift engine."""
from monai.networks.nets import GlobalNet, LocalNet

# Input channel order for every registration network, fixed here and nowhere else.
INPUT_ORDER = ("moving", "fixed")

DEFAULTS = {
    # Seed: GlobalNet; depth 4 keeps the model at ~2 M parameters (depth 6 spends 30 M on 2x2 maps).
    "affine1": {"architecture": "GlobalNet", "image_size": [128, 128], "depth": 4, "num_channel_initial": 16},
    "affine2": {"architecture": "GlobalNet", "image_size": [128, 128], "depth": 4, "num_channel_initial": 16},
    # Seed: LocalNet on 96x96 crops, extract levels 0-4 (MONAI >= 1.1 semantics, with decoder).
    "nonrigid": {"architecture": "LocalNet", "image_size": [96, 96], "extract_levels": [0, 1, 2, 3, 4],
                 "num_channel_initial": 16},
}


def build(config: dict):
    if config["architecture"] == "GlobalNet":
        return GlobalNet(image_size=config["image_size"], spatial_dims=2, in_channels=2,
                         num_channel_initial=config["num_channel_initial"], depth=config["depth"])
    if config["architecture"] == "LocalNet":
        return LocalNet(spatial_dims=2, in_channels=2, out_channels=2,
                        num_channel_initial=config["num_channel_initial"],
                        extract_levels=tuple(config["extract_levels"]), out_kernel_initializer="zeros")
    raise ValueError(f"unknown architecture {config['architecture']!r}")
