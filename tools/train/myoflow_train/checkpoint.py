"""Resumable checkpoints, written atomically (a run killed mid-save keeps the previous one)."""
import os

import torch


def save(path: str, model, optimiser, step: int, generator: torch.Generator, extra: dict) -> None:
    tmp = path + ".partial"
    torch.save({"model": model.state_dict(), "optimiser": optimiser.state_dict(), "step": step,
                "generator": generator.get_state(), "extra": extra}, tmp)
    os.replace(tmp, path)


def load(path: str, model, optimiser, generator: torch.Generator) -> int:
    state = torch.load(path, map_location="cpu", weights_only=False)
    model.load_state_dict(state["model"])
    optimiser.load_state_dict(state["optimiser"])
    generator.set_state(state["generator"])
    return int(state["step"])


def log_and_plot(log_path: str, png_path: str, loss_column: str = "loss", val_column: str = "val_loss") -> None:
    """Redraws the loss curve from the CSV log (train and, where logged, validation loss)."""
    import csv

    from . import plot
    with open(log_path) as f:
        rows = list(csv.DictReader(f))
    steps = [int(r["step"]) for r in rows]
    series = {"train": (steps, [float(r[loss_column]) for r in rows])}
    val = [float(r[val_column]) for r in rows]
    if any(v == v for v in val):  # any non-NaN
        series["val"] = (steps, val)
    plot.loss_curve(png_path, series)
