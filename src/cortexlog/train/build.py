"""Build a training objective from a program and names (the edge where strings become values)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from torch import nn

from cortexlog.errors import CortexlogError
from cortexlog.tasks.mnist_addition import constraint_clauses, program_text
from cortexlog.train.loop import Objective

LOGIC_MODES = ("architecture", "loss", "none")


def read_program(program: str | os.PathLike[str] | None, digits: int) -> tuple[str, str]:
    """Return `(text, source name)`: a `.pl` path, program text, or the built-in program.

    Args:
        program: a path to a `.pl` file, program text, or None for the built-in program.
        digits: N, for the built-in program.

    Returns:
        The text and the name used in error locations.
    """
    if program is None:
        return program_text(digits), f"<mnist-addition N={digits}>"
    text = str(program)
    if isinstance(program, os.PathLike) or (text.endswith(".pl") and "\n" not in text):
        path = Path(program)
        if not path.is_file():
            raise CortexlogError(f"no such file: {path}", hint="check the path")
        return path.read_text(encoding="utf-8"), str(path)
    return text, "<string>"


def build_objective(
    text: str,
    source_name: str,
    digits: int,
    logic: str,
    semantics: str,
    networks: Mapping[str, nn.Module] | None = None,
    image_size: int = 28,
    constraint_weight: float = 1.0,
    constraint_warmup: int = 150,
) -> Objective:
    """Parse, ground and compile the program and wrap it as a training objective.

    Args:
        text: the MNIST-addition program (defines `addition/3` from `digit/2`).
        source_name: name for error locations.
        digits: N.
        logic: "architecture", "loss" (rule as a loss term) or "none" (neural baseline).
        semantics: a trainable semantics name.
        networks: user networks by name (defaults: LeNet digits, LeNet sum head).
        image_size: image side (28, or 8 for the fallback digits).
        constraint_weight: weight of the rule term in `loss` mode.
        constraint_warmup: training steps before the rule term starts (`loss` mode).

    Returns:
        The objective module.
    """
    builders: dict[str, Callable[[], Objective]] = {
        "architecture": lambda: _architecture(text, source_name, digits, semantics,
                                              networks, image_size),
        "loss": lambda: _loss(text, source_name, digits, semantics, networks, image_size,
                              constraint_weight, constraint_warmup),
        "none": lambda: _baseline(digits, image_size),
    }
    if logic not in builders:
        raise CortexlogError(
            f"unknown logic mode {logic!r}", hint="valid: " + ", ".join(LOGIC_MODES)
        )
    return builders[logic]()


def _architecture(text: str, name: str, digits: int, semantics: str,
                  networks: Mapping[str, nn.Module] | None, image_size: int) -> Objective:
    from cortexlog.language import parse
    from cortexlog.train.losses import trainable_semantics
    from cortexlog.train.objectives import ArchitectureObjective

    structure, loss = trainable_semantics(semantics)
    return ArchitectureObjective(parse(text, name), digits, structure, loss, networks,
                                 image_size)


def _loss(text: str, name: str, digits: int, semantics: str,
          networks: Mapping[str, nn.Module] | None, image_size: int,
          weight: float, warmup: int) -> Objective:
    from cortexlog.language import parse
    from cortexlog.train.losses import trainable_semantics
    from cortexlog.train.objectives import ConstraintObjective

    structure, loss = trainable_semantics(semantics)
    ast = parse(text + "\n" + constraint_clauses(digits), name)
    return ConstraintObjective(ast, digits, structure, loss, networks, image_size, weight,
                               warmup)


def _baseline(digits: int, image_size: int) -> Objective:
    from cortexlog.train.baseline import NeuralBaseline

    return NeuralBaseline(digits, image_size)
