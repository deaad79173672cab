"""Query shapes: examples that differ only in tensor references and output share a circuit.

An example's *shape* is its query with every `tensor(S(I))` replaced by a placeholder
constant `'$t0'`, `'$t1'`, ... (in order of first appearance) and its output argument
replaced by a variable. One circuit is compiled per shape; an `ExampleSet` groups the
examples of a dataset by shape, with the item indices each placeholder reads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import torch

from cortexlog.errors import CortexlogError
from cortexlog.language.terms import Num, Struct, Term, Var, format_term
from cortexlog.train.examples import Example
from cortexlog.train.tensors import TensorSource

OUTPUT = Var("Out")


def placeholder(k: int) -> Struct:
    """The constant standing for an example's k-th tensor in a shape.

    >>> format_term(placeholder(0))
    "'$t0'"
    """
    return Struct(f"$t{k}")


@dataclass(frozen=True)
class Shape:
    """A query shape.

    Attributes:
        query: the query over placeholders, with the output argument a variable when
            `output_arg` is set.
        sources: the tensor-source name each placeholder reads.
        output_arg: index of the freed output argument, or None.
    """

    query: Struct
    sources: tuple[str, ...]
    output_arg: int | None

    def __str__(self) -> str:
        return format_term(self.query)


def _tensor_ref(term: Term, example: Example) -> tuple[str, int] | None:
    """`(source, index)` if `term` is `tensor(S(I))`; None if it is not a tensor term."""
    if not (isinstance(term, Struct) and term.functor == "tensor" and len(term.args) == 1):
        return None
    inner = term.args[0]
    if (isinstance(inner, Struct) and len(inner.args) == 1 and isinstance(inner.args[0], Num)
            and isinstance(inner.args[0].value, int) and inner.args[0].value >= 0):
        return inner.functor, int(inner.args[0].value)
    raise CortexlogError(
        f"bad tensor reference {format_term(term)} in {example}", example.location,
        hint="write tensor(SOURCE(INDEX)) with INDEX a non-negative integer",
    )


def _abstract(term: Term, example: Example, refs: dict[tuple[str, int], int]) -> Term:
    ref = _tensor_ref(term, example)
    if ref is not None:
        return placeholder(refs.setdefault(ref, len(refs)))
    if isinstance(term, Struct) and term.args:
        return Struct(term.functor, tuple(_abstract(a, example, refs) for a in term.args))
    return term


def _has_tensor(term: Term) -> bool:
    if isinstance(term, Struct):
        if term.functor == "tensor" and len(term.args) == 1:
            return True
        return any(_has_tensor(a) for a in term.args)
    return False


def shape_of(example: Example, output_arg: int | None = -1
             ) -> tuple[Shape, tuple[int, ...], Term | None]:
    """The shape of an example, the item index of each placeholder, and its output value.

    Args:
        example: the example.
        output_arg: the argument freed in the shape (negative counts from the end), or
            None to keep every argument. It is kept anyway when it holds a tensor.

    Returns:
        `(shape, indices, output term or None)`.

    >>> from cortexlog.train.examples import parse_examples
    >>> ex = parse_examples("add(tensor(tr(4)), tensor(tr(9)), 7).")[0]
    >>> s, idx, out = shape_of(ex)
    >>> str(s), s.sources, idx, str(out)
    ("add('$t0','$t1',Out)", ('tr', 'tr'), (4, 9), '7')
    """
    q = example.query
    arg = None
    if output_arg is not None and q.args:
        k = output_arg if output_arg >= 0 else len(q.args) + output_arg
        if not 0 <= k < len(q.args):
            raise CortexlogError(
                f"output argument {output_arg} is out of range for {format_term(q)}",
                example.location, hint=f"{q.functor}/{len(q.args)} has {len(q.args)} arguments",
            )
        arg = None if _has_tensor(q.args[k]) else k
    refs: dict[tuple[str, int], int] = {}
    abstract = _abstract(q, example, refs)
    assert isinstance(abstract, Struct)
    out: Term | None = None
    if arg is not None:
        out = q.args[arg]
        args = abstract.args
        abstract = Struct(abstract.functor, args[:arg] + (OUTPUT,) + args[arg + 1:])
    by_k = sorted(refs.items(), key=lambda kv: kv[1])
    shape = Shape(abstract, tuple(s for (s, _), _ in by_k), arg)
    return shape, tuple(i for (_, i), _ in by_k), out


@dataclass
class ShapeGroup:
    """The examples of one shape in a dataset.

    Attributes:
        shape: the shape.
        index: `[n, k]` item index of each placeholder, per example.
        outputs: the distinct output terms (empty when the shape has no output argument).
        out_code: `[n]` position of each example's output in `outputs` (0 if none).
    """

    shape: Shape
    index: torch.Tensor
    outputs: list[Term]
    out_code: torch.Tensor


@dataclass
class ExampleSet:
    """A dataset of examples grouped by shape, ready for batching.

    Attributes:
        examples: the examples, in order.
        groups: one `ShapeGroup` per distinct shape.
        group_of: `[M]` the group of each example.
        row_in_group: `[M]` the example's row in its group.
        targets: `[M]` float targets.
        all_true: every target is 1.0 (the loss needs no false part).
    """

    examples: list[Example]
    groups: list[ShapeGroup]
    group_of: torch.Tensor
    row_in_group: torch.Tensor
    targets: torch.Tensor
    cache: dict[object, torch.Tensor] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.all_true = bool((self.targets == 1.0).all())

    def __len__(self) -> int:
        return len(self.examples)

    @property
    def answer_mode(self) -> bool:
        """DeepProbLog's convention: every target 1.0 and every shape has an output."""
        return self.all_true and all(
            g.shape.output_arg is not None for g in self.groups)

    def split(self, rows: torch.Tensor) -> list[tuple[int, torch.Tensor, torch.Tensor]]:
        """Split batch rows by shape group.

        Args:
            rows: example indices `[B]`.

        Returns:
            `(group, positions in rows, rows within the group)` per group present.
        """
        gid = self.group_of[rows]
        if len(self.groups) == 1:
            return [(0, torch.arange(len(rows)), self.row_in_group[rows])]
        out = []
        for g in torch.unique(gid).tolist():
            pos = (gid == g).nonzero().squeeze(1)
            out.append((int(g), pos, self.row_in_group[rows[pos]]))
        return out


def build_example_set(
    examples: Sequence[Example], sources: Mapping[str, TensorSource],
    output_arg: int | None = -1,
) -> ExampleSet:
    """Group examples by shape and check their tensor references.

    Args:
        examples: the examples.
        sources: the registered tensor sources.
        output_arg: the argument freed in shapes (see `shape_of`).

    Returns:
        The grouped dataset.
    """
    if not examples:
        raise CortexlogError("no examples", hint="give a non-empty query file or list")
    index_of: dict[Shape, int] = {}
    rows: list[list[tuple[int, ...]]] = []
    outs: list[dict[Term, int]] = []
    codes: list[list[int]] = []
    group_of, row_in = [], []
    for ex in examples:
        shape, idx, out = shape_of(ex, output_arg)
        _check_refs(shape, idx, ex, sources)
        g = index_of.setdefault(shape, len(index_of))
        if g == len(rows):
            rows.append([])
            outs.append({})
            codes.append([])
        group_of.append(g)
        row_in.append(len(rows[g]))
        rows[g].append(idx)
        codes[g].append(outs[g].setdefault(out, len(outs[g])) if out is not None else 0)
    groups = [
        ShapeGroup(shape, torch.tensor(rows[g], dtype=torch.long).view(len(rows[g]), -1),
                   list(outs[g]), torch.tensor(codes[g], dtype=torch.long))
        for shape, g in index_of.items()
    ]
    return ExampleSet(list(examples), groups, torch.tensor(group_of), torch.tensor(row_in),
                      torch.tensor([e.target for e in examples], dtype=torch.float32))


def _check_refs(shape: Shape, idx: tuple[int, ...], ex: Example,
                sources: Mapping[str, TensorSource]) -> None:
    for name, i in zip(shape.sources, idx, strict=True):
        src = sources.get(name)
        if src is None:
            known = ", ".join(sorted(sources)) or "none"
            raise CortexlogError(
                f"example {ex} refers to tensor source {name!r}, which is not registered "
                f"(registered: {known})", ex.location,
                hint=f"pass --tensors {name}=SPEC (e.g. mnist:train) or register it in Python",
            )
        if i >= len(src):
            raise CortexlogError(
                f"tensor index {i} is out of range in {ex}: source {name!r} has "
                f"{len(src)} items", ex.location, hint=f"indices run from 0 to {len(src) - 1}",
            )
