"""`CircuitModule`: a circuit evaluated layer by layer as batched tensors.

The circuit is laid out twice (`LayeredProgram`): once with few, coarsely padded buckets
(few kernel launches: best for small batches) and once with tightly padded buckets (least
work per batch element: best for large batches); each call runs the one a cost model
says is cheaper for its batch size. Both give the same values up to float rounding.
Gradients come from a custom autograd function calling the program's reverse walk, so
neither pass builds a per-layer autograd graph.
"""

from __future__ import annotations

from typing import Any

import torch
from torch import Tensor, nn
from torch.autograd.function import once_differentiable

from cortexlog.circuits.ir import Circuit
from cortexlog.circuits.layering import LayeredPlan
from cortexlog.circuits.program import LayeredProgram
from cortexlog.semantics.structure import AlgebraicStructure, get_semantics

# (slack, ratio) of the bucket merge: coarse (few launches) and fine (little padding)
LAYOUTS = ((4096, 1.5), (0, 1.2))
# index buffers once saved in state dicts; derived from the circuit, now not persistent
_LEGACY_BUFFERS = ("index", "literal_src", "output_rows", "fwd_index", "fwd_offsets",
                   "pull_index", "pull_offsets")


class _CircuitFunction(torch.autograd.Function):
    """Autograd bridge: forward fills the buffer, backward walks the depths downwards."""

    @staticmethod
    def forward(ctx, pos: Tensor, neg: Tensor, program: LayeredProgram) -> Tensor:
        buf = program.values(pos, neg)
        ctx.save_for_backward(buf)
        ctx.program = program
        return program.outputs(buf)

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_out: Tensor) -> tuple[Tensor | None, Tensor | None, None]:
        (buf,) = ctx.saved_tensors
        gx = ctx.program.backward(buf, grad_out.contiguous())
        n = ctx.program.plan.n_vars
        return gx[:, :n], gx[:, n:], None


class CircuitModule(nn.Module):
    """Evaluate a circuit under an algebraic structure, batched and differentiable.

    Args:
        circuit: the circuit (compiled for `structure.compiled`, else the formula's own).
        semantics: an `AlgebraicStructure` or a registered name.

    >>> from cortexlog.circuits.ir import CircuitBuilder
    >>> b = CircuitBuilder(n_vars=2)
    >>> c = b.build([b.conj([b.literal(0), b.literal(1, positive=False)])])
    >>> m = CircuitModule(c, "probability")
    >>> m(torch.tensor([[0.5, 0.25]]), torch.tensor([[0.5, 0.75]]))
    tensor([[0.3750]])
    """

    def __init__(self, circuit: Circuit, semantics: str | AlgebraicStructure) -> None:
        super().__init__()
        self.structure = get_semantics(semantics)
        layouts = [LayeredProgram(circuit, self.structure, s, r) for s, r in LAYOUTS]
        self.programs = nn.ModuleList(layouts)
        self.plan: LayeredPlan = layouts[0].plan
        self.n_vars = circuit.n_vars
        self.n_outputs = len(circuit.outputs)
        self._layouts = tuple(layouts)  # the same modules, typed (`programs` registers them)
        self._picked: dict[int, LayeredProgram] = {}  # batch size -> program (cost model)

    def program_for(self, batch: int) -> LayeredProgram:
        """The layout the cost model picks for a batch size.

        Args:
            batch: the batch size.

        Returns:
            The cheaper `LayeredProgram`.
        """
        program = self._picked.get(batch)
        if program is None:
            program = min(self._layouts, key=lambda p: p.cost(batch))
            self._picked[batch] = program
        return program

    def forward(self, pos: Tensor, neg: Tensor) -> Tensor:
        """Evaluate the circuit.

        Args:
            pos: `[batch, n_vars]` carrier values of the positive literals.
            neg: `[batch, n_vars]` carrier values of the negative literals.

        Returns:
            `[batch, n_outputs]` carrier values of the outputs.
        """
        if pos.dim() != 2 or pos.shape != neg.shape or pos.shape[1] != self.n_vars:
            raise ValueError(
                f"expected pos and neg of shape [batch, {self.n_vars}], "
                f"got {tuple(pos.shape)} and {tuple(neg.shape)}"
            )
        dtype = torch.promote_types(pos.dtype, neg.dtype)
        pos, neg = pos.to(dtype).contiguous(), neg.to(dtype).contiguous()
        program = self.program_for(pos.shape[0])
        if torch.is_grad_enabled() and (pos.requires_grad or neg.requires_grad):
            return _CircuitFunction.apply(pos, neg, program)
        buf = program.values(pos, neg, pooled=True)
        out = program.outputs(buf)
        program.pool.give("values", buf)
        return out

    def evaluate(self, p: Tensor) -> Tensor:
        """Evaluate from probabilities of Boolean facts and decode the result.

        Args:
            p: `[batch, n_vars]` probabilities that each variable is true.

        Returns:
            `[batch, n_outputs]` reported values (`structure.decode`).
        """
        pos, neg = self.structure.literals(p)
        return self.structure.decode(self(pos, neg))

    def _load_from_state_dict(
        self, state_dict: dict[str, Any], prefix: str, *args: Any, **kwargs: Any
    ) -> None:
        """Drop index buffers saved by earlier versions (they are derived from the circuit)."""
        for name in _LEGACY_BUFFERS:
            state_dict.pop(prefix + name, None)
        super()._load_from_state_dict(state_dict, prefix, *args, **kwargs)

    def extra_repr(self) -> str:
        """Summary shown by `print(module)`."""
        p = self.plan
        return (
            f"semantics={self.structure.name}, vars={p.n_vars}, edges={p.n_edges}, "
            f"layers={p.n_layers}, buckets={len(p.buckets)}, outputs={self.n_outputs}"
        )
