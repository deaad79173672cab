"""Per-epoch checkpoints of long experiments: a crashed or stopped run resumes.

A checkpoint is one ``torch.save`` file written atomically (temporary file, then rename),
holding the experiment's state and the settings it was made with; a run resumes only
from a checkpoint with the same settings.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import torch

from cortexlog.errors import CortexlogError


def save_checkpoint(path: Path, settings: dict[str, Any], state: dict[str, Any]) -> None:
    """Write ``state`` and the ``settings`` it belongs to, atomically.

    Args:
        path: checkpoint file.
        settings: the run's settings (compared on resume).
        state: tensors and plain values to restore.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save({"settings": settings, "state": state}, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: Path | None, settings: dict[str, Any]) -> dict[str, Any] | None:
    """The state saved at ``path`` for these settings; None if there is no checkpoint.

    Args:
        path: checkpoint file (None: checkpoints off).
        settings: the run's settings.

    Returns:
        the saved state, or None.

    Raises:
        CortexlogError: the checkpoint is unreadable or belongs to other settings.
    """
    if path is None or not path.exists():
        return None
    try:
        saved = torch.load(path, weights_only=False)
        old, state = saved["settings"], saved["state"]
    except (OSError, RuntimeError, KeyError, TypeError, EOFError, pickle.UnpicklingError) as e:
        raise CortexlogError(f"{path}: cannot read the checkpoint ({e})",
                             hint="delete it to start afresh") from None
    diff = sorted(k for k in set(old) | set(settings) if old.get(k) != settings.get(k))
    if diff:
        shown = ", ".join(f"{k}: {old.get(k)!r} there, {settings.get(k)!r} now" for k in diff)
        raise CortexlogError(f"{path} was made with other settings ({shown})",
                             hint="use another --out, or delete the checkpoint to start "
                                  "afresh")
    return dict(state)
