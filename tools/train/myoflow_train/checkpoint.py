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
