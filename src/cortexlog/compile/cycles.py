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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cortexlog.grounding.ground_program import GroundRule, Literal
from cortexlog.language.terms import Struct

Entry = tuple[int, int, int]  # (node, cut mask, expanded mask)


@dataclass
class _Frame:
    """The search state of one atom on the path (atoms are member indices)."""

    atom: int
    rules: list[tuple[int, ...]]
    rule: int = 0
    lit: int = 0
    terms: list[int] = field(default_factory=list)
    conj: list[int] = field(default_factory=list)
    cut: int = 0
    expanded: int = 0


class CycleBreaker:
    """Builds acyclic formulas for the atoms of one cyclic component.

    Atoms are numbered; sets of atoms (path, cut, expanded) are bit masks.

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
        members: Sequence[Struct],
        rules_of: dict[Struct, list[GroundRule]],
        leaf: Callable[[Literal], int],
        conj: Callable[[list[int]], int],
        disj: Callable[[list[int]], int],
        false: int,
    ) -> None:
        self.index = {a: i for i, a in enumerate(members)}
        n = len(members)
        # body items: member index i as ~i (negative), a leaf as its formula node (>= 0)
        self.rules: list[list[tuple[int, ...]]] = [
            [
                tuple(
                    ~self.index[x.node] if x.node in self.index else leaf(x) for x in r.body
                )
                for r in rules_of.get(a, [])
            ]
            for a in members
        ]
        self.conj = conj
        self.disj = disj
        self.false = false
        self.memo: list[list[Entry]] = [[] for _ in range(n)]

    def _push(self, fr: _Frame, value: int) -> None:
        """Add a body literal's node to the current rule; FALSE skips the rule's rest."""
        if value == self.false:
            fr.lit = len(fr.rules[fr.rule])
            fr.conj = [self.false]
        else:
            fr.conj.append(value)

    def _reuse(self, atom: int, path: int) -> Entry | None:
        """A memoised result of `atom` valid under the current path mask, if any."""
        allowed = path | (1 << atom)
        for entry in self.memo[atom]:
            if not entry[1] & ~allowed and not entry[2] & path:
                return entry
        return None

    def formula(self, root: Struct) -> int:
        """The acyclic formula node of `root` with no ancestors.

        Args:
            root: a member of the component.

        Returns:
            The formula node (least-model value of `root`).
        """
        r = self.index[root]
        hit = self._reuse(r, 0)
        if hit is not None:
            return hit[0]
        path = 1 << r
        stack = [_Frame(r, self.rules[r])]
        while True:
            fr = stack[-1]
            if fr.rule == len(fr.rules):
                node = self.disj(fr.terms)
                cut = fr.cut & path
                self.memo[fr.atom].append((node, cut, fr.expanded))
                stack.pop()
                path &= ~(1 << fr.atom)
                if not stack:
                    return node
                parent = stack[-1]
                parent.cut |= cut
                parent.expanded |= fr.expanded | (1 << fr.atom)
                self._push(parent, node)
                continue
            body = fr.rules[fr.rule]
            if fr.lit == len(body):
                fr.terms.append(self.conj(fr.conj))
                fr.rule += 1
                fr.lit = 0
                fr.conj = []
                continue
            item = body[fr.lit]
            fr.lit += 1
            if item >= 0:
                self._push(fr, item)
                continue
            atom = ~item
            bit = 1 << atom
            if path & bit:
                fr.cut |= bit
                self._push(fr, self.false)
                continue
            hit = self._reuse(atom, path)
            if hit is not None:
                fr.cut |= hit[1]
                fr.expanded |= hit[2] | bit
                self._push(fr, hit[0])
                continue
            path |= bit
            stack.append(_Frame(atom, self.rules[atom]))
