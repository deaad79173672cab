"""Error types shared by every stage: each carries a source location and a hint."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """A position in a program text (1-based line and column)."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class CortexlogError(Exception):
    """Base class of every error cortexlog raises on purpose.

    Args:
        message: what went wrong, in one sentence.
        location: where in the source, if known.
        hint: what the user can do about it, if we know.
    """

    def __init__(
        self,
        message: str,
        location: SourceLocation | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.location = location
        self.hint = hint
        super().__init__(self.render())

    def render(self) -> str:
        """Return the full user-facing message: `file:line:col: error: ...` plus a hint line."""
        prefix = f"{self.location}: " if self.location is not None else ""
        text = f"{prefix}error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ParseError(CortexlogError):
    """The program text is not valid cortexlog / ProbLog syntax."""


class ProgramError(CortexlogError):
    """The program parses but is not a valid program (bad probability, unknown directive...)."""


class GroundingError(CortexlogError):
    """Grounding failed: undefined predicate, instantiation or type error, or a limit was hit."""


class CompileError(CortexlogError):
    """Knowledge compilation failed or exceeded a configured limit."""


class SemanticsError(CortexlogError):
    """An unknown or ill-suited algebraic structure was requested."""


class ConstraintError(CortexlogError):
    """A real-valued constraint program cannot be compiled, or evaluated on given tensors."""
