"""The three registration models of the seed pipeline (MONAI GlobalNet / LocalNet) and their
configs. The config dict is stored with the exported weights and rebuilds the same network in
MyoFlow's Swift engine."""
from monai.networks.nets import BasicUNet, GlobalNet, LocalNet

# Input channel order for every registration network, fixed here and nowhere else.
INPUT_ORDER = ("moving", "fixed")

DEFAULTS = {
    # Seed: GlobalNet; depth 4 keeps the model at ~2 M parameters (depth 6 spends 30 M on 2x2 maps).
    "affine1": {"architecture": "GlobalNet", "image_size": [128, 128], "depth": 4, "num_channel_initial": 16},
    "affine2": {"architecture": "GlobalNet", "image_size": [128, 128], "depth": 4, "num_channel_initial": 16},
    # Seed: LocalNet on 96x96 crops, extract levels 0-4 (MONAI >= 1.1 semantics, with decoder).
    "nonrigid": {"architecture": "LocalNet", "image_size": [96, 96], "extract_levels": [0, 1, 2, 3, 4],
                 "num_channel_initial": 16},
    # Segmentation of background / LV blood / myocardium / RV blood on the 128x128 LV crop.
    # BatchNorm (not MONAI's default InstanceNorm) so the engine folds it into the convolutions.
    "segmentation": {"architecture": "BasicUNet", "image_size": [128, 128], "features": [16, 16, 32, 64, 128, 16],
                     "out_channels": 4, "norm": "batch", "act": ["LeakyReLU", {"negative_slope": 0.1, "inplace": True}],
                     "upsample": "deconv"},
}


def build(config: dict):
    if config["architecture"] == "GlobalNet":
        return GlobalNet(image_size=config["image_size"], spatial_dims=2, in_channels=2,
                         num_channel_initial=config["num_channel_initial"], depth=config["depth"])
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
