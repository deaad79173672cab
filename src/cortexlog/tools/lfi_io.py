"""`cortexlog lfi`'s inputs and outputs: evidence files in, the learned program out.

An evidence file holds examples (interpretations) separated by lines starting with `---`,
each a list of `evidence(atom)`, `evidence(atom, true|false)` statements, as
`problog lfi` reads them. Identical examples are counted once with their multiplicity.
The learned program is printed as `problog lfi -O` writes it: every clause in source
order with each `t(...)` replaced by its learned value (learnable heads of an annotated
disjunction first), the queries left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cortexlog.errors import CortexlogError, SourceLocation
from cortexlog.grounding.learnable import is_learnable, learnable_groups
from cortexlog.language.ast import AnnotatedDisjunction, Clause, NeuralAD, ProgramAST
from cortexlog.language.terms import Num, Struct, Term, Var, format_term, is_ground

if TYPE_CHECKING:
    from cortexlog.tools.lfi_params import Param

_ANON = re.compile(r"\b_G\d+\b")


@dataclass(frozen=True)
class Example:
    """One distinct example: its observations and how many times it occurs.

    Attributes:
        evidence: `(atom, value, location)` per observation, in file order.
        count: how many examples had exactly these observations.
    """

    evidence: tuple[tuple[Struct, bool, SourceLocation], ...]
    count: int = 1

    def key(self) -> tuple[tuple[Struct, bool], ...]:
        """The observations without locations (what makes two examples the same)."""
        return tuple((a, v) for a, v, _ in self.evidence)


def read_examples(paths: Sequence[str]) -> list[Example]:
    """The distinct examples of evidence files, in order of first occurrence.

    Args:
        paths: the evidence files.

    Returns:
        The examples (blocks without evidence are skipped, as ProbLog does).

    Raises:
        CortexlogError: a missing or unreadable file, a parse error (located in the file),
            or an observation that is not a ground atom.
    """
    from cortexlog.language import parse

    merged: dict[tuple[tuple[Struct, bool], ...], Example] = {}
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                lines = f.read().split("\n")
        except FileNotFoundError:
            raise CortexlogError(f"no such evidence file: {path}",
                                 hint="pass files of evidence(atom, true|false). statements, "
                                 "examples separated by lines starting with ---") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CortexlogError(f"cannot read {path}: {exc}") from None
        start = 0
        for i in range(len(lines) + 1):
            if i == len(lines) or lines[i].strip().startswith("---"):
                text = "\n" * start + "\n".join(lines[start:i])
                ast = parse(text, path)
                example = _observations(ast)
                if example.evidence:
                    old = merged.get(example.key())
                    merged[example.key()] = (
                        example if old is None else Example(old.evidence, old.count + 1))
                start = i + 1
    return list(merged.values())


def _observations(ast: ProgramAST) -> Example:
    out = []
    for ev in ast.evidence:
        if ev.body is not None or ev.value_term is not None:
            raise CortexlogError("evidence with a body is not supported in an evidence file",
                                 ev.location, "write each observation as evidence(atom, true).")
        atom = ev.atom
        if not isinstance(atom, Struct) or not is_ground(atom):
            raise CortexlogError(f"observation {format_term(atom)} is not a ground atom",
                                 ev.location, "observe ground atoms such as evidence(p(1)).")
        out.append((atom, ev.value, ev.location))
    return Example(tuple(out))


def check_defined(ast: ProgramAST, examples: Sequence[Example]) -> None:
    """Raise a located error for an observation of a predicate the program never defines.

    Args:
        ast: the program.
        examples: the examples.
    """
    heads: set[tuple[str, int]] = set()
    for st in ast.clauses:
        if isinstance(st, AnnotatedDisjunction):
            heads.update((h.functor, h.arity) for _, h in st.heads)
        else:
            heads.add((st.head.functor, st.head.arity))
    for ex in examples:
        for atom, _, loc in ex.evidence:
            if (atom.functor, atom.arity) not in heads:
                raise CortexlogError(
                    f"evidence on {format_term(atom)}, but the program defines no "
                    f"{atom.functor}/{atom.arity}", loc,
                    "check the spelling of the atom against the program")


def _number(w: float) -> str:
    """A learned weight as ProbLog prints it (15 significant decimals, `str`)."""
    return str(round(w, 15))


def _body(term: Term) -> str:
    """A clause body as ProbLog prints it: `a, \\+b, c`."""
    parts = []
    while isinstance(term, Struct) and term.functor == "," and term.arity == 2:
        parts.append(term.args[0])
        term = term.args[1]
    parts.append(term)
    out = []
    for p in parts:
        if isinstance(p, Struct) and p.functor == "\\+" and p.arity == 1:
            out.append("\\+" + _ANON.sub("_", format_term(p.args[0], 0)))
        else:
            out.append(_show(p))
    return ", ".join(out)


def _show(term: Term) -> str:
    """A term as ProbLog prints it: anonymous variables (`_G1` after parsing) as `_`."""
    return _ANON.sub("_", format_term(term))


def _prob(p: Term | None) -> str:
    return "" if p is None else format_term(p) + "::"


def _subst(term: Term, binding: Mapping[Var, Term]) -> Term:
    if isinstance(term, Var):
        return binding.get(term, term)
    if isinstance(term, Struct) and term.args:
        return Struct(term.functor, tuple(_subst(a, binding) for a in term.args))
    return term


def _bindings(st: Clause, key: str, weights: Mapping[Param, float]
              ) -> list[tuple[dict[Var, Term], float]]:
    """The learned bindings of a clause's `t(_, X, ...)` arguments, with their values."""
    assert isinstance(st.prob, Struct)
    extra = st.prob.args[1:]
    return [({v: t for v, t in zip(extra, b, strict=True) if isinstance(v, Var)}, w)
            for (k, b), w in weights.items() if k == key and len(b) == len(extra)]


def learned_model(ast: ProgramAST, weights: Mapping[Param, float]) -> str:
    """The learned program in ProbLog syntax (`problog lfi -O`'s format).

    A clause `t(_, X)::h :- b.` is written once per learned binding of `X`.

    Args:
        ast: the program.
        weights: learned value per parameter (`LFIResult.weights`).

    Returns:
        The program text, one statement per line.

    >>> from cortexlog.language import parse
    >>> text = "t(_)::a. b :- a, \\\\+c. c. query(b)."
    >>> print(learned_model(parse(text), {("a", ()): 0.25}), end="")
    0.25::a.
    b :- a, \\+c.
    c.
    """
    groups = learnable_groups(ast.clauses)
    lines = []
    for st in ast.clauses:
        if isinstance(st, NeuralAD):
            raise CortexlogError("lfi does not learn neural predicates", st.location,
                                 "use `cortexlog train` for programs with nn(...)")
        if isinstance(st, Clause):
            prob = _prob(st.prob)
            found: list[tuple[dict[Var, Term], float]] = [({}, 0.0)]
            if st in groups:
                key = groups[st].keys[0]
                found = _bindings(st, key, weights) or [({}, weights[(key, ())])]
            for binding, w in found:
                prob = _number(w) + "::" if st in groups else prob
                body = ("" if st.body == Struct("true")
                        else " :- " + _body(_subst(st.body, binding)))
                lines.append(f"{prob}{_show(_subst(st.head, binding))}{body}.")
            continue
        body = "" if st.body == Struct("true") else " :- " + _body(st.body)
        keys = iter(groups[st].keys) if st in groups else iter(())
        learned = [f"{_number(weights[(next(keys), ())])}::{_show(h)}"
                   for p, h in st.heads if is_learnable(p)]
        fixed = [f"{_prob(p)}{_show(h)}" for p, h in st.heads if not is_learnable(p)]
        lines.append("; ".join(learned + fixed) + body + ".")
    for ev in ast.evidence:
        value = "" if ev.value else ",false"
        lines.append(f"evidence({format_term(ev.atom)}{value}).")
    return "".join(f"{x}\n" for x in lines)


def names(ast: ProgramAST, weights: Mapping[Param, float]
          ) -> list[tuple[str, Param, SourceLocation]]:
    """Each learned parameter as ProbLog names it (`t(_)::a`, `t(_,bob)::p(bob)`).

    Args:
        ast: the program.
        weights: the learned parameters (`LFIResult.weights`).

    Returns:
        `(name, parameter, location)` per parameter, in source order.
    """
    out: list[tuple[str, Param, SourceLocation]] = []
    for st, g in learnable_groups(ast.clauses).items():
        heads = ([(st.prob, st.head)] if isinstance(st, Clause)
                 else [(p, h) for p, h in st.heads if is_learnable(p)])
        for (p, h), key in zip(heads, g.keys, strict=True):
            assert isinstance(p, Struct)
            init = p.args[0]
            shown = format_term(init) if isinstance(init, Num) else "_"
            found = _bindings(st, key, weights) if isinstance(st, Clause) else []
            if not found:
                extra = "".join("," + _show(a) for a in p.args[1:])
                out.append((f"t({shown}{extra})::{_show(h)}", (key, ()), g.location))
            for binding, _ in found:
                extra = "".join("," + _show(_subst(a, binding)) for a in p.args[1:])
                params = tuple(binding[a] for a in p.args[1:] if isinstance(a, Var))
                out.append((f"t({shown}{extra})::{_show(_subst(h, binding))}", (key, params),
                            g.location))
    return out
