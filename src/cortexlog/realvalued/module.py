"""`ConstraintModule`: a constraint program compiled once into a torch module.

`forward(**tensors)` grounds every axiom (`query/1`) on the named batched tensors and returns
the knowledge base's satisfaction, LTN's `SatAgg`: the p-mean error of the axioms' degrees.
`degrees(**tensors)` returns each axiom's degree, open formulas (free variables) included.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import torch

from cortexlog.errors import ConstraintError, SemanticsError
from cortexlog.language import parse, parse_file
from cortexlog.language.ast import ProgramAST
from cortexlog.realvalued.aggregate import Aggregator, pmean_error
from cortexlog.realvalued.build import Axiom, Builder
from cortexlog.realvalued.nodes import Env
from cortexlog.realvalued.values import lift
from cortexlog.semantics import AlgebraicStructure, available_semantics, get_semantics


class ConstraintModule(torch.nn.Module):
    """A compiled constraint program: named batched tensors -> satisfaction degree.

    Args:
        program: the parsed program (`cortexlog.language.parse`).
        semantics: a structure that declares a `relaxation` (godel, product, lukasiewicz).
        networks: the torch modules of the program's `nn(...)` predicates, by name.
        sharpness: the `k` of the comparisons' relaxation (may be changed between calls).
        p_forall: the p of `forall`'s default aggregator, the p-mean error.
        p_exists: the p of `exists`'s default aggregator, the p-mean.
        p_sat: the p of the p-mean error that aggregates the axioms (LTN's `SatAgg`).
        stable: LTN's stabilisation of the p-means (`cortexlog.realvalued.aggregate`).

    >>> m = ConstraintModule.from_string("query(forall(X, X =< 0.5)).", "lukasiewicz")
    >>> round(m(X=torch.tensor([0.1, 0.6])).item(), 4)
    0.2929
    """

    def __init__(self, program: ProgramAST, semantics: str | AlgebraicStructure = "product",
                 networks: Mapping[str, torch.nn.Module] | None = None, *,
                 sharpness: float = 10.0, p_forall: float = 2.0, p_exists: float = 2.0,
                 p_sat: float = 2.0, stable: bool = True) -> None:
        super().__init__()
        self.structure = get_semantics(semantics)
        if self.structure.relaxation is None:
            able = [s for s in available_semantics() if get_semantics(s).relaxation]
            raise SemanticsError(
                f"semantics '{self.structure.name}' declares no real-valued relaxation",
                hint="use one of: " + ", ".join(able))
        self.relaxation = self.structure.relaxation
        self.networks = torch.nn.ModuleDict(dict(networks or {}))
        self.sharpness = sharpness
        self.p_sat = p_sat
        self.stable = stable
        builder = Builder(program, set(self.networks), Aggregator("pmean_error", p_forall, stable),
                          Aggregator("pmean", p_exists, stable))
        self.axioms: list[Axiom] = builder.axioms()

    @classmethod
    def from_string(cls, text: str, semantics: str | AlgebraicStructure = "product",
                    networks: Mapping[str, torch.nn.Module] | None = None,
                    **options: Any) -> ConstraintModule:
        """Parse and compile a constraint program text.

        Args:
            text: the program.
            semantics: the structure.
            networks: the networks by name.
            **options: the keyword options of the constructor.

        Returns:
            The module.
        """
        return cls(parse(text), semantics, networks, **options)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str],
                  semantics: str | AlgebraicStructure = "product",
                  networks: Mapping[str, torch.nn.Module] | None = None,
                  **options: Any) -> ConstraintModule:
        """Parse and compile a constraint program file (errors name the path).

        Args:
            path: the `.pl` file.
            semantics: the structure.
            networks: the networks by name.
            **options: the keyword options of the constructor.

        Returns:
            The module.
        """
        return cls(parse_file(path), semantics, networks, **options)

    def degrees(self, **tensors: Any) -> dict[str, torch.Tensor]:
        """Each axiom's degree; an open axiom has one dimension per free variable.

        Args:
            **tensors: the batched tensors (and numbers) the program names.

        Returns:
            Axiom text -> carrier values (a scalar for a closed axiom).
        """
        env = Env(tensors, self.structure, self.relaxation, self.sharpness, self.networks)
        out = {}
        for axiom in self.axioms:
            value = axiom.node(env)
            data = lift(value, axiom.free, 0)
            out[axiom.name] = env.as_tensor(data) if isinstance(data, float) else data
        return out

    def forward(self, **tensors: Any) -> torch.Tensor:
        """The satisfaction of the knowledge base: SatAgg (p-mean error) over the axioms.

        Args:
            **tensors: the batched tensors (and numbers) the program names.

        Returns:
            A scalar tensor with gradients.
        """
        degrees = self.degrees(**tensors)
        for axiom in self.axioms:
            if axiom.free:
                raise ConstraintError(
                    f"axiom {axiom.name} has free variables {', '.join(axiom.free)}",
                    axiom.location, "quantify them (forall/exists), or read open formulas "
                    "with module.degrees(...)")
        stacked = torch.stack([degrees[a.name] for a in self.axioms])
        return pmean_error(stacked, 0, self.p_sat, self.stable)


def compile_constraints(path: str | os.PathLike[str],
                        semantics: str | AlgebraicStructure = "product",
                        networks: Mapping[str, torch.nn.Module] | None = None,
                        **options: Any) -> ConstraintModule:
    """Compile the constraint program in `path` (`ConstraintModule.from_file`).

    Args:
        path: the `.pl` file.
        semantics: the structure (godel, product, lukasiewicz).
        networks: the networks of its `nn(...)` predicates.
        **options: `sharpness`, `p_forall`, `p_exists`, `p_sat`, `stable`.

    Returns:
        The compiled module.
    """
    return ConstraintModule.from_file(path, semantics, networks, **options)
