"""The clause database: AST clauses compiled into templates, indexed by predicate and first
argument.

Every statement becomes one `Entry` per head it can prove: a deterministic clause, a
probabilistic clause, one option of an annotated disjunction, a neural AD, or a
tensor-valued network declaration. A learnable probability `t(p)` is stored in `probs` as
its `LearnableWeight` (see `cortexlog.grounding.learnable`).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

from cortexlog.errors import SourceLocation
from cortexlog.grounding.convert import to_template
from cortexlog.grounding.ground_program import LearnableWeight
from cortexlog.grounding.internal import TC, Flt, Lin, Slot, V
from cortexlog.grounding.learnable import learnable_weights
from cortexlog.grounding.library import with_libraries
from cortexlog.language.ast import AnnotatedDisjunction, Clause, NeuralAD, ProgramAST
from cortexlog.language.terms import Struct, Term

DET, PROB, AD, NEURAL, TENSOR = 0, 1, 2, 3, 4


@dataclass(eq=False, slots=True)
class Entry:
    """One way to prove a head: a compiled clause (or one head of an AD).

    Attributes:
        kind: DET, PROB, AD, NEURAL or TENSOR (`nn(net, Inputs, E) :: head`).
        head: the head template.
        body: the body goals' templates (a flattened conjunction).
        nvars: how many clause variables (slots).
        location: the source statement.
        cid: the statement's number (choice groups are keyed by it).
        seq: position in the predicate's clause list.
        option: for an AD, which head; for a neural AD, the output variable's slot.
        probs: probability templates (one per AD head, one for a probabilistic clause), or
            the `LearnableWeight` of a `t(...)` head.
        labels: for an AD, all head templates (the group's labels).
        net: for a neural AD, the network name; inputs: its input templates;
        domain: its output domain (internal terms, empty for a binary neural fact);
        input_list: the template of a variable input list (`nn(net, X, ...)`), else None.
        written: for a clause whose body has `true` conjuncts besides others, the body's
            goals with them kept (ProbLog counts each as a call when it names the variables
            of an answer, `answer_names`), else None.
    """

    kind: int
    head: Any
    body: tuple[Any, ...]
    nvars: int
    location: SourceLocation
    cid: int
    seq: int = 0
    option: int = 0
    probs: tuple[Any, ...] = ()
    labels: tuple[Any, ...] = ()
    net: str = ""
    inputs: tuple[Any, ...] = ()
    domain: tuple[Any, ...] = ()
    input_list: Any = None
    written: tuple[Any, ...] | None = None


def index_key(t: Any) -> Any:
    """The first-argument index key of an internal term or template (None for a variable)."""
    tt = type(t)
    if tt is str:
        return t
    if tt is tuple:
        return (t[0], len(t))
    if tt is TC:
        return (t.functor, t.n)
    if tt is int:
        return ("#int", t)
    if tt is Flt:
        return ("#float", float(t))
    if tt is Slot or tt is V or tt is Lin:  # a symbolic integer may equal any int key
        return None
    return t


@dataclass(slots=True)
class Predicate:
    """The entries of one predicate with a first-argument index.

    `facts` is True while every entry is a ground fact (deterministic, probabilistic or
    an AD option, no body) with a distinct head: such a predicate needs no table.
    """

    entries: list[Entry] = field(default_factory=list)
    by_key: dict[Any, list[Entry]] = field(default_factory=dict)
    open_entries: list[Entry] = field(default_factory=list)
    merged: dict[Any, list[Entry]] = field(default_factory=dict)
    facts: bool = True
    heads: set[Any] = field(default_factory=set)
    det_facts: set[Any] = field(default_factory=set)
    repeats: list[tuple[int, Entry]] = field(default_factory=list)

    def add(self, e: Entry) -> None:
        """Append an entry (in source order); a repeated deterministic ground fact is dropped
        (calls are tabled, so it would only derive the same answer again) and kept, with its
        position, in `repeats` for findall/3, which counts every proof."""
        ground = _ground_fact(e)
        if ground and e.kind == DET:
            if e.head in self.det_facts:
                self.repeats.append((len(self.entries), e))
                return
            self.det_facts.add(e.head)
        e.seq = len(self.entries)
        self.entries.append(e)
        if self.facts:
            if ground and e.head not in self.heads:
                self.heads.add(e.head)
            else:
                self.facts = False
        if type(e.head) is str:
            return
        args = e.head.args if type(e.head) is TC else e.head[1:]
        k = index_key(args[0])
        if k is None:
            self.open_entries.append(e)
        else:
            self.by_key.setdefault(k, []).append(e)

    def candidates(self, key: Any) -> list[Entry]:
        """The entries whose head may unify with a call whose first argument has `key`."""
        if key is None:
            return self.entries
        if not self.open_entries:
            return self.by_key.get(key, [])
        keyed = self.by_key.get(key)
        if keyed is None:
            return self.open_entries
        got = self.merged.get(key)
        if got is None:
            got = self.merged[key] = sorted(keyed + self.open_entries, key=_seq)
        return got


def _ground_fact(e: Entry) -> bool:
    return (
        e.kind != NEURAL and not e.body and type(e.head) is not TC
        and all(type(p) is int or type(p) is Flt or type(p) is LearnableWeight for p in e.probs)
    )


def _seq(e: Entry) -> int:
    return e.seq


def flatten_conj(body: Term, keep_true: bool = False) -> list[Term]:
    """Split a body into its top-level conjuncts (`true` is the empty conjunction, unless
    `keep_true`)."""
    out: list[Term] = []
    stack = [body]
    while stack:
        t = stack.pop()
        if isinstance(t, Struct) and t.functor == "," and len(t.args) == 2:
            stack.append(t.args[1])
            stack.append(t.args[0])
        elif keep_true or not (isinstance(t, Struct) and t.functor == "true" and not t.args):
            out.append(t)
    return out


def _signature(t: Any) -> tuple[str, int]:
    if type(t) is str:
        return (t, 0)
    if type(t) is TC:
        return (t.functor, t.n - 1)
    return (t[0], len(t) - 1)


def build_database(program: ProgramAST) -> dict[tuple[str, int], Predicate]:
    """Compile every clause, AD and neural AD of a program into indexed entries.

    Args:
        program: the parsed program (with the clauses of the libraries it loads).

    Returns:
        A map from `(name, arity)` to the predicate's entries.
    """
    db: dict[tuple[str, int], Predicate] = {}

    def add(e: Entry) -> None:
        sig = _signature(e.head)
        pred = db.get(sig)
        if pred is None:
            pred = db[sig] = Predicate()
        pred.add(e)

    statements = with_libraries(program.clauses, program.libraries)
    learnable = learnable_weights(statements)
    for cid, st in enumerate(statements):
        slots: dict[str, Slot] = {}
        if isinstance(st, Clause):
            head = to_template(st.head, slots)
            prob = learnable[st][0] if st in learnable else (
                None if st.prob is None else to_template(st.prob, slots))
            body = tuple(to_template(g, slots) for g in flatten_conj(st.body))
            kind = DET if prob is None else PROB
            probs = () if prob is None else (prob,)
            goals = flatten_conj(st.body, keep_true=True)
            written = (tuple(to_template(g, slots) for g in goals)
                       if body and len(goals) > len(body) else None)
            add(Entry(kind, head, body, len(slots), st.location, cid, probs=probs,
                      written=written))
        elif isinstance(st, AnnotatedDisjunction):
            heads = tuple(to_template(h, slots) for _, h in st.heads)
            learn = learnable.get(st, (None,) * len(heads))
            ad_probs = tuple(to_template(p, slots) if w is None else w
                             for (p, _), w in zip(st.heads, learn, strict=True))
            body = tuple(to_template(g, slots) for g in flatten_conj(st.body))
            for i, h in enumerate(heads):
                add(Entry(AD, h, body, len(slots), st.location, cid, option=i, probs=ad_probs,
                          labels=heads))
        elif isinstance(st, NeuralAD):
            add(_neural_entry(st, cid))
    return db


def _neural_entry(st: NeuralAD, cid: int) -> Entry:
    """The entry of a neural AD, binary neural fact or tensor-valued declaration."""
    slots: dict[str, Slot] = {}
    head = to_template(st.head, slots)
    inputs = tuple(to_template(x, slots) for x in st.inputs)
    input_list = None if st.input_list is None else to_template(st.input_list, slots)
    out = -1 if st.output is None else to_template(st.output, slots)
    domain = tuple(to_template(d, {}) for d in st.domain)
    body = tuple(to_template(g, slots) for g in flatten_conj(st.body))
    option = out.i if type(out) is Slot else -1
    kind = TENSOR if st.tensor_valued else NEURAL
    return Entry(kind, head, body, len(slots), st.location, cid, option=option, net=st.net,
                 inputs=inputs, domain=domain, input_list=input_list)


_CACHE: dict[int, tuple[weakref.ref[ProgramAST], dict[tuple[str, int], Predicate]]] = {}


def cached_database(program: ProgramAST) -> dict[tuple[str, int], Predicate]:
    """`build_database(program)`, built once per program object and then shared.

    The database is read-only during grounding (per-run state lives in the `Engine`), so
    grounding the same program again (other queries, other evidence) skips compiling it.

    Args:
        program: the parsed program.

    Returns:
        The program's clause database.
    """
    key = id(program)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is program:
        return hit[1]
    db = build_database(program)

    def forget(ref: weakref.ref[ProgramAST], key: int = key) -> None:
        if _CACHE.get(key, (None,))[0] is ref:
            del _CACHE[key]

    _CACHE[key] = (weakref.ref(program, forget), db)
    return db
