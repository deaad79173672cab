"""`BufferPool`: reusable work tensors of the layered circuit programs."""

from __future__ import annotations

from torch import Tensor


class BufferPool:
    """Reusable `[rows, batch]` work tensors, so repeated passes skip fresh page faults.

    A tensor is *taken* for the duration of one pass and *given* back afterwards; a
    concurrent pass finds the slot empty and allocates its own, so none is ever shared.
    """

    def __init__(self) -> None:
        self._free: dict[str, Tensor] = {}

    def take(self, name: str, rows: int, like: Tensor) -> Tensor:
        """A `[rows, batch]` tensor typed and placed like `like` (`[*, batch]`), uninitialised.

        Args:
            name: the slot.
            rows: rows needed.
            like: a `[*, batch]` tensor.

        Returns:
            A `[rows, batch]` tensor.
        """
        t = self._free.pop(name, None)
        shape = (rows, like.shape[1])
        if t is None or t.shape != shape or t.dtype != like.dtype or t.device != like.device:
            t = like.new_empty(shape)
        return t

    def give(self, name: str, t: Tensor) -> None:
        """Return a tensor taken from slot `name`."""
        self._free[name] = t
