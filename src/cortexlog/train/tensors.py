"""Tensor sources: named collections of tensors that examples refer to as `tensor(S(I))`.

A source is a tensor whose first dimension indexes the items (`data[i]` is item `i`),
optionally with one label per item (used only for per-network accuracy). Sources come
from the command line as `NAME=SPEC` with SPEC one of:

- `mnist:train`, `mnist:test`: MNIST images `[n, 1, 28, 28]` with their digit labels,
  from `--data-dir` / `$CORTEXLOG_DATA` (or the loud 8x8 fallback);
- a `.pt` file holding a tensor, a `(data, labels)` pair or a dict `{"data", "labels"}`;
- a `.npy` file holding an array (or `.npz` with arrays `data` and optionally `labels`).

In Python, any tensor (or sequence of equally shaped tensors) is registered by name.
"""

from __future__ import annotations

import pickle
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from cortexlog.errors import CortexlogError

SPEC_HELP = ("mnist:train, mnist:test, operators:train[:SIZE], operators:test[:SIZE], "
             "FILE.pt, FILE.npy or FILE.npz")


@dataclass(frozen=True)
class TensorSource:
    """A named collection of tensors indexed by their first dimension.

    Attributes:
        name: the name examples use (`train` in `tensor(train(3))`).
        data: `[n, ...]` items.
        labels: `[n]` optional labels (ints), for per-network accuracy only.
        origin: where the data came from, for reports.
    """

    name: str
    data: torch.Tensor
    labels: torch.Tensor | None = None
    origin: str = "python"

    def __len__(self) -> int:
        return int(self.data.shape[0])

    @property
    def item_shape(self) -> tuple[int, ...]:
        """The shape of one item."""
        return tuple(self.data.shape[1:])


def as_tensor(value: Any, name: str) -> torch.Tensor:
    """Turn a tensor, array or sequence of tensors into one tensor (floats as float32).

    Args:
        value: a tensor, a NumPy array, or a sequence of equally shaped tensors/arrays.
        name: the source name, for errors.

    Returns:
        The tensor.
    """
    if isinstance(value, torch.Tensor):
        out = value
    elif hasattr(value, "__array__") and not isinstance(value, Sequence):
        out = torch.as_tensor(value)
    elif isinstance(value, Sequence) and len(value) > 0:
        try:
            out = torch.stack([torch.as_tensor(v) for v in value])
        except (RuntimeError, TypeError) as exc:
            raise CortexlogError(
                f"tensor source {name!r}: items do not stack into one tensor ({exc})",
                hint="give items of one shape, or one tensor whose first dimension indexes them",
            ) from None
    else:
        raise CortexlogError(
            f"tensor source {name!r} must be a tensor or a non-empty sequence of tensors, "
            f"not {type(value).__name__}",
            hint="register a torch.Tensor whose first dimension indexes the items",
        )
    if out.dim() == 0:
        raise CortexlogError(f"tensor source {name!r} is a scalar",
                             hint="its first dimension must index the items")
    return out.float() if out.is_floating_point() and out.dtype != torch.float32 else out


def load_source(name: str, spec: str, data_dir: str | None = None) -> TensorSource:
    """Load the tensor source described by a CLI SPEC.

    Args:
        name: the source name.
        spec: `mnist:train`, `mnist:test`, or a `.pt` / `.npy` / `.npz` path.
        data_dir: MNIST directory for the `mnist:` specs.

    Returns:
        The source.
    """
    if spec.startswith("operators:"):
        return _operators(name, spec)
    if spec.startswith("mnist:"):
        split = spec.partition(":")[2]
        if split not in ("train", "test"):
            raise CortexlogError(f"unknown MNIST split {split!r} in --tensors {name}={spec}",
                                 hint="use mnist:train or mnist:test")
        from cortexlog.data import load_mnist

        mnist = load_mnist(split, data_dir)
        return TensorSource(name, mnist.images, mnist.labels, f"{mnist.source} ({split})")
    path = Path(spec)
    if not path.is_file():
        raise CortexlogError(f"--tensors {name}={spec}: no such file",
                             hint=f"SPEC is one of {SPEC_HELP}")
    data, labels = _read_file(path, name)
    return TensorSource(name, as_tensor(data, name),
                        None if labels is None else torch.as_tensor(labels).long(), str(path))


def _operators(name: str, spec: str) -> TensorSource:
    """`operators:SPLIT[:SIZE]`: generated operator images (`cortexlog.data.operators`)."""
    from cortexlog.data.operators import load_operators

    _, split, size = (spec.split(":") + ["28"])[:3]
    if split not in ("train", "test") or not size.isdigit() or not 4 <= int(size) <= 256:
        raise CortexlogError(f"bad operator images {spec!r} in --tensors {name}={spec}",
                             hint="write operators:train or operators:test, optionally with "
                             "an image size, e.g. operators:train:28")
    ops = load_operators(split, int(size))
    return TensorSource(name, ops.images, ops.labels, ops.source)


def _read_file(path: Path, name: str) -> tuple[Any, Any]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".pt":
            obj = torch.load(path, map_location="cpu", weights_only=True)
            if isinstance(obj, Mapping):
                return obj["data"], obj.get("labels")
            if isinstance(obj, tuple) and len(obj) == 2:
                return obj
            return obj, None
        import numpy as np

        if suffix == ".npy":
            return np.load(path, allow_pickle=False), None
        if suffix == ".npz":
            arrays = np.load(path, allow_pickle=False)
            return arrays["data"], arrays["labels"] if "labels" in arrays else None
    except (OSError, ValueError, KeyError, RuntimeError, EOFError, pickle.UnpicklingError,
            zipfile.BadZipFile) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        raise CortexlogError(f"cannot read tensor source {name!r} from {path}: {first}",
                             hint="a .pt file holds a tensor, (data, labels) or "
                             "{'data': ..., 'labels': ...}; .npz holds arrays data[, labels]"
                             ) from None
    raise CortexlogError(f"--tensors {name}={path}: unknown file type {suffix!r}",
                         hint=f"SPEC is one of {SPEC_HELP}")


def parse_tensor_args(specs: Sequence[str], data_dir: str | None = None) -> dict[str, TensorSource]:
    """Parse repeated CLI `--tensors NAME=SPEC` flags into sources.

    Args:
        specs: the flag values.
        data_dir: MNIST directory for `mnist:` specs.

    Returns:
        Name -> source.
    """
    pairs: dict[str, str] = {}
    for spec in specs:
        name, eq, what = spec.partition("=")
        if not eq or not name or not what:
            raise CortexlogError(f"bad --tensors value {spec!r}",
                                 hint=f"write NAME=SPEC, SPEC one of {SPEC_HELP}")
        if name in pairs:
            raise CortexlogError(f"--tensors {name} given twice", hint="give each name once")
        pairs[name] = what
    return {name: load_source(name, what, data_dir) for name, what in pairs.items()}
