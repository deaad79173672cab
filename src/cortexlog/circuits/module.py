"""`CircuitModule`: a circuit evaluated layer by layer as batched tensors.

All node values live in one buffer of shape `[n_rows, batch]` (batch last, so every
gathered child is a contiguous row). Each bucket of a `LayeredPlan` is one
`index_select` into a reused scratch tensor plus one dense reduction over the child
dimension, written in place into the bucket's rows. Gradients come from a custom autograd
function that walks the buckets backwards with `index_add_`, so neither the forward nor
the backward pass builds a per-layer autograd graph.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn
from torch.autograd.function import once_differentiable

from cortexlog.circuits.ir import Circuit
from cortexlog.circuits.layering import ADD, FIRST_LITERAL_ROW, LayeredPlan, layer_circuit
from cortexlog.semantics import ops
from cortexlog.semantics.structure import AlgebraicStructure, Reduce, get_semantics


def _reduce_into(fn: Reduce, g: Tensor, out: Tensor) -> None:
    """Write `fn(g)` (a reduction over dim 0) into `out`, without temporaries if known."""
    if fn is ops.sum0:
        torch.sum(g, dim=0, out=out)
    elif fn is ops.prod0:
        torch.mul(g[0], g[1], out=out) if g.shape[0] >= 2 else out.copy_(g[0])
        for i in range(2, g.shape[0]):
            out.mul_(g[i])
    elif fn is ops.max0:
        torch.amax(g, dim=0, out=out)
    elif fn is ops.min0:
        torch.amin(g, dim=0, out=out)
    else:
        out.copy_(fn(g))


def _vjp(fn: Reduce, g: Tensor, go: Tensor) -> Tensor | None:
    """Gradient of `fn(g)` w.r.t. `g` given the output gradient `go` (None: same as `go`)."""
    if fn is ops.sum0:
        return None
    if fn is ops.prod0:
        return torch.stack([go * g[1], go * g[0]]) if g.shape[0] == 2 else ops.prod0_vjp(g, go)
    if fn is ops.max0 or fn is ops.min0:  # all of the gradient to one extremal child
        arg = (g.argmax if fn is ops.max0 else g.argmin)(dim=0, keepdim=True)
        return torch.zeros_like(g).scatter_(0, arg, go.unsqueeze(0))
    with torch.enable_grad():
        leaf = g.detach().requires_grad_(True)
        (grad,) = torch.autograd.grad(fn(leaf), leaf, go)
    return grad


class _Evaluator:
    """The per-module constants the autograd function needs."""

    def __init__(self, module: CircuitModule) -> None:
        self.plan = module.plan
        self.structure = module.structure
        self.index = module.index
        self.slices = module.bucket_indices()
        self.literal_src = module.literal_src
        self.output_rows = module.output_rows

    def reduce_fn(self, op: int) -> Reduce:
        """The structure's reduction for a bucket operation."""
        return self.structure.add if op == ADD else self.structure.mul

    def forward(self, pos: Tensor, neg: Tensor) -> Tensor:
        """Fill and return the `[n_rows, batch]` value buffer."""
        plan, s = self.plan, self.structure
        batch = pos.shape[0]
        buf = torch.empty(plan.n_rows, batch, dtype=pos.dtype, device=pos.device)
        buf[0].fill_(s.zero)
        buf[1].fill_(s.one)
        n_lit = self.literal_src.shape[0]
        if n_lit:
            x = torch.cat([pos, neg], dim=1)
            buf[FIRST_LITERAL_ROW : FIRST_LITERAL_ROW + n_lit].copy_(
                torch.index_select(x, 1, self.literal_src).T
            )
        scratch = torch.empty(plan.max_gather, batch, dtype=buf.dtype, device=buf.device)
        for b, idx in zip(plan.buckets, self.slices, strict=True):
            n = b.stop - b.start
            g = torch.index_select(buf, 0, idx, out=scratch[: b.arity * n])
            _reduce_into(self.reduce_fn(b.op), g.view(b.arity, n, batch), buf[b.start : b.stop])
        return buf

    def backward(self, buf: Tensor, grad_out: Tensor) -> Tensor:
        """Return the gradient w.r.t. `cat([pos, neg], dim=1)` given the output gradient."""
        plan = self.plan
        batch = buf.shape[1]
        grad = torch.zeros_like(buf)
        grad.index_put_((self.output_rows,), grad_out.T, accumulate=True)
        for b, idx in zip(reversed(plan.buckets), reversed(self.slices), strict=True):
            n = b.stop - b.start
            go = grad[b.start : b.stop].clone()  # accumulation refuses aliasing views
            g = torch.index_select(buf, 0, idx).view(b.arity, n, batch)
            gg = _vjp(self.reduce_fn(b.op), g, go)
            if gg is None:  # index_put_ accumulates fast on CPU (index_add_ does not)
                for j in range(b.arity):
                    grad.index_put_((idx[j * n : (j + 1) * n],), go, accumulate=True)
            else:
                grad.index_put_((idx,), gg.reshape(b.arity * n, batch), accumulate=True)
        n_lit = self.literal_src.shape[0]
        gx = torch.zeros(batch, 2 * plan.n_vars, dtype=buf.dtype, device=buf.device)
        gx.index_add_(1, self.literal_src, grad[FIRST_LITERAL_ROW : FIRST_LITERAL_ROW + n_lit].T)
        return gx


class _CircuitFunction(torch.autograd.Function):
    """Autograd bridge: forward fills the buffer, backward walks the buckets in reverse."""

    @staticmethod
    def forward(ctx, pos: Tensor, neg: Tensor, ev: _Evaluator) -> Tensor:  # type: ignore[override]
        buf = ev.forward(pos, neg)
        ctx.save_for_backward(buf)
        ctx.ev = ev
        return torch.index_select(buf, 0, ev.output_rows).T.contiguous()

    @staticmethod
    @once_differentiable
    def backward(ctx, grad_out: Tensor) -> tuple[Tensor | None, Tensor | None, None]:  # type: ignore[override]
        (buf,) = ctx.saved_tensors
        gx = ctx.ev.backward(buf, grad_out.contiguous())
        n = ctx.ev.plan.n_vars
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
        self.plan: LayeredPlan = layer_circuit(circuit)
        self.n_vars = circuit.n_vars
        self.n_outputs = len(circuit.outputs)
        self.register_buffer("index", torch.from_numpy(self.plan.index))
        self.register_buffer("literal_src", torch.from_numpy(self.plan.literal_src))
        self.register_buffer("output_rows", torch.from_numpy(self.plan.output_rows))
        self._slices: tuple[tuple[str, int], list[Tensor]] = (("", -1), [])

    def bucket_indices(self) -> list[Tensor]:
        """Per-bucket views of the index buffer (cached; follows `.to(device)`).

        Returns:
            One child-row index tensor per bucket.
        """
        key = (str(self.index.device), self.index.data_ptr())
        if self._slices[0] != key or len(self._slices[1]) != len(self.plan.buckets):
            views = [
                self.index[b.offset : b.offset + b.arity * (b.stop - b.start)]
                for b in self.plan.buckets
            ]
            self._slices = (key, views)
        return self._slices[1]

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
        ev = _Evaluator(self)
        if torch.is_grad_enabled() and (pos.requires_grad or neg.requires_grad):
            return _CircuitFunction.apply(pos, neg, ev)
        buf = ev.forward(pos, neg)
        return torch.index_select(buf, 0, self.output_rows).T.contiguous()

    def evaluate(self, p: Tensor) -> Tensor:
        """Evaluate from probabilities of Boolean facts and decode the result.

        Args:
            p: `[batch, n_vars]` probabilities that each variable is true.

        Returns:
            `[batch, n_outputs]` reported values (`structure.decode`).
        """
        pos, neg = self.structure.literals(p)
        return self.structure.decode(self(pos, neg))

    def extra_repr(self) -> str:
        """Summary shown by `print(module)`."""
        p = self.plan
        return (
            f"semantics={self.structure.name}, vars={p.n_vars}, edges={p.n_edges}, "
            f"layers={p.n_layers}, buckets={len(p.buckets)}, outputs={self.n_outputs}"
        )
