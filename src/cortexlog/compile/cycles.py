"""Ancestor-based cycle breaking: the acyclic formula of an atom of a cyclic component.

For a positive cycle, an atom is true in the least model iff it has a derivation in which
no atom occurs twice on a branch. So the formula of atom `x` given the set `P` of atoms on
the current derivation path (its ancestors) is

    f(x, P) = OR over rules of x of AND over body literals l of
              (FALSE if l's atom is in P + {x} else f(l's atom, P + {x}))

computed by a depth-first search over the component (ProbLog's cycle breaking). Only
atoms of the same strongly connected component can be ancestors that matter (negation is
stratified, so negated atoms lie in lower components, whose formulas are fixed).

Memoisation: a search from `x` tests path membership of some atoms; its result holds for
every other path that agrees on those tests. Each result is stored with `cut` (tested
atoms that were on the path above or at `x`) and `expanded` (tested atoms that were not
on the path); it is reused when `cut` is on the new path (+ `x`) and `expanded` is off it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cortexlog.grounding.ground_program import GroundRule, Literal
from cortexlog.language.terms import Struct

Entry = tuple[int, frozenset[Struct], frozenset[Struct]]  # (node, cut, expanded)
Memo = dict[Struct, list[Entry]]


@dataclass
class _Frame:
    """The search state of one atom on the path."""

    atom: Struct
    rules: list[GroundRule]
    rule: int = 0
    lit: int = 0
    terms: list[int] = field(default_factory=list)
    conj: list[int] = field(default_factory=list)
    cut: set[Struct] = field(default_factory=set)
    expanded: set[Struct] = field(default_factory=set)


class CycleBreaker:
    """Builds acyclic formulas for the atoms of one cyclic component.

    Args:
        members: the component's atoms.
        rules_of: the rules of each atom.
        leaf: the formula node of a literal outside the component (choice option or
            atom of a lower component, negated when the literal is negative).
        conj: n-ary AND of formula nodes (builder; absorbs FALSE).
        disj: n-ary OR of formula nodes (builder; drops FALSE).
        false: the FALSE node.
    """

    def __init__(
        self,
        members: set[Struct],
        rules_of: dict[Struct, list[GroundRule]],
        leaf: Callable[[Literal], int],
        conj: Callable[[list[int]], int],
        disj: Callable[[list[int]], int],
        false: int,
    ) -> None:
        self.members = members
        self.rules_of = rules_of
        self.leaf = leaf
        self.conj = conj
        self.disj = disj
        self.false = false
        self.memo: Memo = {}

    def _push(self, fr: _Frame, value: int) -> None:
        """Add a body literal's node to the current rule; FALSE skips the rule's rest."""
        if value == self.false:
            fr.lit = len(fr.rules[fr.rule].body)
            fr.conj = [self.false]
        else:
            fr.conj.append(value)

    def _reuse(self, atom: Struct, on_path: set[Struct]) -> Entry | None:
        """A memoised result of `atom` valid under the current path, if any."""
        for entry in self.memo.get(atom, ()):
            _, cut, expanded = entry
            if all(a in on_path or a == atom for a in cut) and expanded.isdisjoint(on_path):
                return entry
        return None

    def formula(self, root: Struct) -> int:
        """The acyclic formula node of `root` with no ancestors.

        Args:
            root: a member of the component.

        Returns:
            The formula node (least-model value of `root`).
        """
        hit = self._reuse(root, set())
        if hit is not None:
            return hit[0]
        on_path: set[Struct] = {root}
        stack = [_Frame(root, self.rules_of.get(root, []))]
        while True:
            fr = stack[-1]
            if fr.rule == len(fr.rules):
                node = self.disj(fr.terms)
                cut = frozenset(a for a in fr.cut if a in on_path)
                self.memo.setdefault(fr.atom, []).append((node, cut, frozenset(fr.expanded)))
                stack.pop()
                on_path.discard(fr.atom)
                if not stack:
                    return node
                parent = stack[-1]
                parent.cut |= cut
                parent.expanded |= fr.expanded
                parent.expanded.add(fr.atom)
                self._push(parent, node)
                continue
            body = fr.rules[fr.rule].body
            if fr.lit == len(body):
                fr.terms.append(self.conj(fr.conj))
                fr.rule += 1
                fr.lit = 0
                fr.conj = []
                continue
            lit = body[fr.lit]
            fr.lit += 1
            node = lit.node
            if not isinstance(node, Struct) or node not in self.members:
                self._push(fr, self.leaf(lit))
                continue
            if node in on_path:
                fr.cut.add(node)
                self._push(fr, self.false)
                continue
            hit = self._reuse(node, on_path)
            if hit is not None:
                value, cut, expanded = hit
                fr.cut |= cut
                fr.expanded |= expanded
                fr.expanded.add(node)
                self._push(fr, value)
                continue
            on_path.add(node)
            stack.append(_Frame(node, self.rules_of.get(node, [])))
