"""`CircuitModule`: a circuit evaluated layer by layer as batched tensors.

All node values live in one buffer of shape `[n_rows, batch]` (batch last, so every
gathered child is a contiguous row). The forward pass follows a `Schedule`: plain-sum
layers are one fused gather-sum (`embedding_bag` over CSR child lists), other buckets one
`index_select` into a reused scratch plus one dense reduction, written in place. Gradients
come from a custom autograd function that walks the depths downwards: per depth one fused
gather-sum *pulls* each node's gradient from its parents' gradient or edge rows (the
transposed edge lists, precomputed), then each non-sum bucket fills its edge rows (e.g.
products of the other children, division-free). No scatter, no per-layer autograd graph.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn
from torch.autograd.function import once_differentiable

from cortexlog.circuits.ir import Circuit
from cortexlog.circuits.kernels import edge_grads, reduce_into
from cortexlog.circuits.layering import ADD, FIRST_LITERAL_ROW, Bucket, LayeredPlan, layer_circuit
from cortexlog.circuits.schedule import Schedule, Segment, build_schedule
from cortexlog.semantics import ops
from cortexlog.semantics.structure import AlgebraicStructure, Reduce, get_semantics


def _bag_sum(src: Tensor, index: Tensor, offsets: Tensor, out: Tensor) -> None:
    """`out[i] = sum(src[index[offsets[i]:offsets[i+1]]])`: one fused gather-sum."""
    out.copy_(F.embedding_bag(index, src, offsets, mode="sum"))


class BufferPool:
    """Reusable `[rows, batch]` work tensors, so repeated passes skip fresh page faults.

    A tensor is *taken* for the duration of one pass and *given* back afterwards; a
    concurrent pass finds the slot empty and allocates its own, so none is ever shared.
    """

    def __init__(self) -> None:
        self._free: dict[str, Tensor] = {}

    def take(self, name: str, rows: int, like: Tensor) -> Tensor:
        """A tensor of `rows` rows shaped, typed and placed like `like`'s rows (uninitialised).

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


class _Evaluator:
    """The per-module constants the autograd function needs."""

    def __init__(self, module: CircuitModule) -> None:
        self.pool = module.pool
        self.plan = module.plan
        self.schedule = module.schedule
        self.structure = module.structure
        self.views = module.step_views()
        self.literal_src = module.literal_src
        self.output_rows = module.output_rows

    def reduce_fn(self, op: int) -> Reduce:
        """The structure's reduction for a bucket operation."""
        return self.structure.add if op == ADD else self.structure.mul

    def _gather(self, buf: Tensor, b: Bucket, scratch: Tensor) -> Tensor:
        """The `[arity, n, batch]` children of a padded bucket, in `scratch`."""
        n = b.stop - b.start
        g = torch.index_select(buf, 0, self.views[b][0], out=scratch[: b.arity * n])
        return g.view(b.arity, n, buf.shape[1])

    def forward(self, pos: Tensor, neg: Tensor, pooled: bool = False) -> Tensor:
        """Fill and return the `[n_rows, batch]` value buffer.

        Args:
            pos: `[batch, n_vars]` positive literal values.
            neg: `[batch, n_vars]` negative literal values.
            pooled: take the buffer from the pool (the caller gives it back as "values").

        Returns:
            The value buffer.
        """
        plan, s = self.plan, self.structure
        batch = pos.shape[0]
        if pooled:
            buf = self.pool.take("values", plan.n_rows, pos.T)
        else:
            buf = torch.empty(plan.n_rows, batch, dtype=pos.dtype, device=pos.device)
        buf[0].fill_(s.zero)
        buf[1].fill_(s.one)
        n_lit = self.literal_src.shape[0]
        if n_lit:
            x = torch.cat([pos, neg], dim=1)
            buf[FIRST_LITERAL_ROW : FIRST_LITERAL_ROW + n_lit].copy_(
                torch.index_select(x, 1, self.literal_src).T
            )
        scratch = self.pool.take("scratch", self.schedule.max_gather, buf)
        for step in self.schedule.forward:
            out = buf[step.start : step.stop]
            if isinstance(step, Segment):
                _bag_sum(buf, *self.views[("fwd", step)], out)
            else:
                reduce_into(self.reduce_fn(step.op), self._gather(buf, step, scratch), out)
        self.pool.give("scratch", scratch)
        return buf

    def backward(self, buf: Tensor, grad_out: Tensor) -> Tensor:
        """Return the gradient w.r.t. `cat([pos, neg], dim=1)` given the output gradient."""
        plan, sched = self.plan, self.schedule
        batch = buf.shape[1]
        grad = self.pool.take("grad", sched.n_grad_rows, buf)
        grad[plan.n_rows : plan.n_rows + grad_out.shape[1]].copy_(grad_out.T)
        scratch = self.pool.take("scratch", sched.max_gather, buf)
        for pull, buckets in sched.backward:
            if pull.stop > pull.start:
                _bag_sum(grad, *self.views[("bwd", pull)], grad[pull.start : pull.stop])
            for b, edge_row in buckets:
                rows = slice(b.start, b.stop)
                edges = grad[edge_row : edge_row + b.arity * (b.stop - b.start)]
                g = self._gather(buf, b, scratch)
                edge_grads(self.reduce_fn(b.op), g, grad[rows], buf[rows], edges.view_as(g))
        n_lit = self.literal_src.shape[0]
        gx = torch.zeros(batch, 2 * plan.n_vars, dtype=buf.dtype, device=buf.device)
        gx.index_add_(1, self.literal_src, grad[FIRST_LITERAL_ROW : FIRST_LITERAL_ROW + n_lit].T)
        self.pool.give("grad", grad)
        self.pool.give("scratch", scratch)
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
        s = self.structure
        self.schedule: Schedule = build_schedule(self.plan, (s.add is ops.sum0, s.mul is ops.sum0))
        self.n_vars = circuit.n_vars
        self.n_outputs = len(circuit.outputs)
        for name, array in (
            ("index", self.plan.index),
            ("literal_src", self.plan.literal_src),
            ("output_rows", self.plan.output_rows),
            ("fwd_index", self.schedule.fwd_index),
            ("fwd_offsets", self.schedule.fwd_offsets),
            ("pull_index", self.schedule.pull_index),
            ("pull_offsets", self.schedule.pull_offsets),
        ):
            self.register_buffer(name, torch.from_numpy(array))
        self.pool = BufferPool()
        self._views: tuple[tuple[str, int], dict[object, tuple[Tensor, ...]]] = (("", -1), {})

    def step_views(self) -> dict[object, tuple[Tensor, ...]]:
        """Index views of every schedule step (cached; follows `.to(device)`).

        Returns:
            For a padded `Bucket`: `(child_rows,)`; for a `Segment`: `(index, offsets)`.
        """
        key = (str(self.index.device), self.index.data_ptr())
        if self._views[0] != key:
            views: dict[object, tuple[Tensor, ...]] = {}
            sched = self.schedule
            for b in self.plan.buckets:
                views[b] = (self.index[b.offset : b.offset + b.arity * (b.stop - b.start)],)
            csr = [(st, self.fwd_index, self.fwd_offsets) for st in sched.forward]
            csr += [(pull, self.pull_index, self.pull_offsets) for pull, _ in sched.backward]
            for step, index, offsets in csr:
                if isinstance(step, Segment):
                    n = step.stop - step.start
                    views[("fwd" if index is self.fwd_index else "bwd", step)] = (
                        index[step.lo : step.hi],
                        offsets[step.olo : step.olo + n],
                    )
            self._views = (key, views)
        return self._views[1]

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
        buf = ev.forward(pos, neg, pooled=True)
        out = torch.index_select(buf, 0, self.output_rows).T.contiguous()
        self.pool.give("values", buf)
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

    def extra_repr(self) -> str:
        """Summary shown by `print(module)`."""
        p = self.plan
        return (
            f"semantics={self.structure.name}, vars={p.n_vars}, edges={p.n_edges}, "
            f"layers={p.n_layers}, buckets={len(p.buckets)}, outputs={self.n_outputs}"
        )
