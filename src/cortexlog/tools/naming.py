"""How a ground program reads as ProbLog text: which choice groups print as facts or rules.

A choice group prints in one of three forms:
- *fact form*: each used option `i` is only the body of one rule `label_i :- option_i`, so
  the group is the fact or annotated disjunction `w0::label0; w1::label1.`;
- *rule form*: each used option is the last hidden literal of one rule `label_i :- body,
  option_i` with the same `body` for every option: `w0::label0; w1::label1 :- body.`;
- otherwise each option gets a fresh atom `choice(G, I, label)` (the functor is changed if
  the program uses `choice/3`), as ProbLog names its hidden choices.
Options that no rule uses are irrelevant: they are left out (their weight joins "none").
"""

from __future__ import annotations

from dataclasses import dataclass

from cortexlog.errors import ProgramError
from cortexlog.grounding.ground_program import (
    AnswerWeight,
    ChoiceGroup,
    ChoiceVar,
    GroundProgram,
    LearnableWeight,
    LinearConstraint,
    Literal,
    NeuralWeight,
    Weight,
)
from cortexlog.language.terms import Num, Struct, format_term


@dataclass(frozen=True)
class GroupForm:
    """How one choice group prints.

    Attributes:
        kind: "fact", "rule" or "fresh".
        options: the used option indices, in order.
        rules: indices of the rules the group replaces (fact and rule forms).
        body: the shared body of a rule-form group, else ().
    """

    kind: str
    options: tuple[int, ...]
    rules: tuple[int, ...] = ()
    body: tuple[Literal, ...] = ()


@dataclass(frozen=True)
class Naming:
    """The printable form of every group and the name of every used choice option.

    Attributes:
        forms: one `GroupForm` per group (groups with no used option have no options).
        names: the atom standing for each used option (its label in fact form).
    """

    forms: tuple[GroupForm, ...]
    names: dict[ChoiceVar, Struct]

    def literal(self, lit: Literal) -> str:
        """A body literal as ProbLog text, e.g. `\\+earthquake`."""
        node = self.names[lit.node] if isinstance(lit.node, ChoiceVar) else lit.node
        text = str(node) if isinstance(node, LinearConstraint) else format_term(node)
        return text if lit.positive else "\\+" + text


def name_program(gp: GroundProgram) -> Naming:
    """Decide the printed form of each group and name its options.

    Args:
        gp: the ground program.

    Returns:
        The `Naming`.

    >>> from cortexlog.program import Program
    >>> gp = Program.from_string("0.5::a. 0.4::b :- a. query(b).").ground()
    >>> [f.kind for f in name_program(gp).forms]
    ['fact', 'rule']
    """
    uses: dict[ChoiceVar, list[tuple[int, int]]] = {}
    for r, rule in enumerate(gp.rules):
        for pos, lit in enumerate(rule.body):
            if isinstance(lit.node, ChoiceVar):
                uses.setdefault(lit.node, []).append((r, pos if lit.positive else -1))
    fresh = _fresh_functor(gp)
    forms: list[GroupForm] = []
    names: dict[ChoiceVar, Struct] = {}
    for g, group in enumerate(gp.groups):
        used = tuple(i for i in range(len(group.weights)) if ChoiceVar(g, i) in uses)
        form = _form(gp, g, group, used, uses)
        forms.append(form)
        for i in used:
            label = group.labels[i]
            names[ChoiceVar(g, i)] = (
                label if form.kind == "fact" else Struct(fresh, (Num(g), Num(i), label))
            )
    return Naming(tuple(forms), names)


def _form(
    gp: GroundProgram, g: int, group: ChoiceGroup, used: tuple[int, ...],
    uses: dict[ChoiceVar, list[tuple[int, int]]],
) -> GroupForm:
    rules: list[int] = []
    bodies: set[tuple[Literal, ...]] = set()
    for i in used:
        occ = uses[ChoiceVar(g, i)]
        if len(occ) != 1 or occ[0][1] < 0:
            return GroupForm("fresh", used)
        r, pos = occ[0]
        rule = gp.rules[r]
        if rule.head != group.labels[i] or pos != len(rule.body) - 1:
            return GroupForm("fresh", used)
        rules.append(r)
        bodies.add(rule.body[:-1])
    if len(bodies) > 1 or not used:
        return GroupForm("fresh", used)
    body = bodies.pop()
    return GroupForm("rule" if body else "fact", used, tuple(rules), body)


def _fresh_functor(gp: GroundProgram) -> str:
    """`choice`, or `choice_`, ... : a functor no atom of the program uses with arity 3."""
    taken = {(r.head.functor, len(r.head.args)) for r in gp.rules}
    taken |= {(lab.functor, len(lab.args)) for grp in gp.groups for lab in grp.labels}
    name = "choice"
    while (name, 3) in taken:
        name += "_"
    return name


def format_weight(weight: Weight, group: ChoiceGroup) -> str:
    """A weight as ProbLog text: `0.7`, or `t(0.5)` / `t(_)` for a learnable one.

    Args:
        weight: the option's weight.
        group: its group (for the error location of a neural weight).

    Returns:
        The text before `::`.

    >>> format_weight(0.7, ChoiceGroup((0.7,), (Struct("a"),), False))
    '0.7'
    """
    if isinstance(weight, LearnableWeight):
        return "t(_)" if weight.init is None else f"t({weight.init!r})"
    if isinstance(weight, NeuralWeight | AnswerWeight):
        raise ProgramError(
            f"option {format_term(group.labels[0])} has a neural weight "
            f"(network {getattr(weight, 'net', 'answer input')}); ProbLog syntax cannot write it",
            group.location,
            "ground, mpe and explain work on programs without neural predicates; "
            "use `cortexlog compile --dot` to see their circuits",
        )
    return repr(float(weight))
