"""Checkpoints: written atomically, read back with clear errors instead of tracebacks."""

from __future__ import annotations

import pickle
import zipfile
from pathlib import Path
from typing import Any

import torch

from cortexlog.errors import CortexlogError


def save_checkpoint(path: Path, state: dict[str, Any]) -> None:
    """Write `state` to `path` through a temporary file (a crash never leaves half a file).

    Args:
        path: the checkpoint file.
        state: the state to save.
    """
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    tmp.replace(path)


def load_checkpoint(path: Path, model: torch.nn.Module, opt: torch.optim.Optimizer,
                    sched: Any = None) -> dict[str, Any]:
    """Restore model, optimiser, scheduler and RNG state from a checkpoint.

    Args:
        path: the checkpoint file.
        model: the model to load into.
        opt: the optimiser to load into.
        sched: the learning-rate scheduler to load into, if any.

    Returns:
        The whole saved state (epoch, history, curve, ...).
    """
    hint = "delete it, or train into a new --out directory"
    try:
        state = torch.load(path, map_location="cpu", weights_only=False)
    except (RuntimeError, EOFError, OSError, pickle.UnpicklingError, zipfile.BadZipFile,
            ValueError, AttributeError) as exc:
        raise CortexlogError(f"cannot read checkpoint {path}: it is corrupt or truncated "
                             f"({type(exc).__name__})", hint=hint) from None
    needed = {"epoch", "model", "optimizer", "rng", "history", "curve"}
    if not isinstance(state, dict) or not needed <= set(state):
        raise CortexlogError(f"{path} is not a cortexlog checkpoint", hint=hint)
    try:
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["optimizer"])
    except (RuntimeError, ValueError, KeyError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise CortexlogError(f"checkpoint {path} does not fit this model: {first}",
                             hint="resume with the program and networks of the original run"
                             ) from None
    if sched is not None and "scheduler" in state:
        sched.load_state_dict(state["scheduler"])
    torch.set_rng_state(state["rng"])
    return state
