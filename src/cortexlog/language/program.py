"""The public entry points: `parse`, `parse_file` and `parse_term`."""

from __future__ import annotations

import os
import sys

from cortexlog.errors import ParseError, SourceLocation
from cortexlog.language.ast import (
    AnnotatedDisjunction,
    Clause,
    Directive,
    Evidence,
    NeuralAD,
    ProgramAST,
    Query,
)
from cortexlog.language.lexer import K_END, K_EOF, SourceText, has_aggregates, tokenize
from cortexlog.language.loading import (
    csv_facts,
    file_names,
    python_file,
    resolve,
    sqlite_facts,
)
from cortexlog.language.parser import TermParser
from cortexlog.language.statements import to_statement
from cortexlog.language.terms import Struct, Term, Var

# Long `a, b, c, ...` bodies nest to the right; Python 3.11+ runs pure-Python recursion
# without the C stack, so a generous limit is safe while parsing.
_RECURSION_LIMIT = 60_000
_CLOSERS = (")", "]", "}")
_END_HINT = "every clause ends with '.' followed by a space, a newline or the end of the file"


def _read_clause(p: TermParser) -> Term:
    """Parse one clause term and consume its final '.'."""
    term, _ = p.parse(1200)
    tok = p.toks[p.pos]
    if tok[0] == K_END:
        p.pos += 1
        return term
    prev = p.toks[p.pos - 1]
    if tok[0] == K_EOF:
        raise p.src.error(prev[4], "missing '.' at the end of the last clause", _END_HINT)
    if p.src.location(tok[2]).line > p.src.location(prev[4]).line and tok[1] not in _CLOSERS:
        raise p.src.error(
            prev[4], f"missing '.' at the end of the clause (the next line starts with "
            f"{tok[1]!r})", _END_HINT,
        )
    if tok[1] == ".":
        raise p.src.error(tok[2], "'.' directly followed by text does not end a clause",
                          _END_HINT)
    raise p.unexpected(tok, "an operator or the '.' that ends the clause")


def parse(text: str, source_name: str = "<string>") -> ProgramAST:
    """Parse a ProbLog / DeepProbLog program.

    Args:
        text: the program text.
        source_name: the file name shown in error locations.

    Returns:
        The program's typed AST, statements in source order.

    Raises:
        ParseError: the text is not valid syntax.
        ProgramError: a statement is syntactically valid but not a valid program statement.

    >>> ast = parse("0.5::coin. win :- coin. query(win).")
    >>> ast.clauses[0].prob, len(ast.clauses), ast.queries[0].atom
    (Num(value=0.5), 2, Struct(functor='win', args=()))
    """
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, _RECURSION_LIMIT))
    try:
        return _parse(SourceText(text, source_name))
    except RecursionError:
        raise ParseError(
            "term nested too deeply", SourceLocation(source_name, 1, 1),
            "split the deeply nested term into smaller parts",
        ) from None
    finally:
        sys.setrecursionlimit(old_limit)


def _parse(src: SourceText, loaded: set[str] | None = None) -> ProgramAST:
    if loaded is None:  # the files consulted so far (each is loaded once)
        loaded = {os.path.normpath(os.path.abspath(src.name))}
    tokens, var_names = tokenize(src)
    aggregates = has_aggregates(src.text)  # else no head needs `aggregate_rule`
    p = TermParser(src, tokens, var_names)
    clauses: list[Clause | AnnotatedDisjunction | NeuralAD] = []
    queries: list[Query] = []
    evidence: list[Evidence] = []
    directives: list[Directive] = []
    libraries: set[str] = set()
    location = src.location
    while tokens[p.pos][0] != K_EOF:
        start = tokens[p.pos][2]
        term = _read_clause(p)
        stmt = to_statement(term, location(start), libraries, aggregates)
        if isinstance(stmt, Query):
            queries.append(stmt)
        elif isinstance(stmt, Evidence):
            evidence.append(stmt)
        elif isinstance(stmt, Directive):
            directives.append(stmt)
            goal = stmt.goal
            if not isinstance(goal, Struct):
                continue
            if goal.functor == "use_module" and python_file(goal):
                file = file_names(goal.args[0], stmt.location)[0]
                path = resolve(file, src.name, stmt.location, "use_module/1")
                directives[-1] = Directive(Struct("use_module", (Struct(path),)), stmt.location)
            elif goal.signature == "sqlite_load/1":
                file = file_names(goal.args[0], stmt.location)[0]
                path = resolve(file, src.name, stmt.location, "sqlite_load/1")
                clauses.extend(sqlite_facts(path, stmt.location))
            elif goal.signature == "csv_load/2":
                file, pred = (file_names(a, stmt.location)[0] for a in goal.args)
                path = resolve(file, src.name, stmt.location, "csv_load/2")
                clauses.extend(csv_facts(path, pred, stmt.location))
            elif goal.signature in ("consult/1", "./2"):  # consult(F) or [F, ...]
                names = file_names(goal if goal.arity == 2 else goal.args[0], stmt.location)
                for name in names:
                    path = resolve(name, src.name, stmt.location, "consult/1")
                    if path not in loaded:
                        loaded.add(path)
                        sub = _parse(SourceText(_read(path), path), loaded)
                        clauses.extend(sub.clauses)
                        queries.extend(sub.queries)
                        evidence.extend(sub.evidence)
                        directives.extend(sub.directives)
                        libraries.update(sub.libraries)
        else:
            clauses.append(stmt)
    return ProgramAST(
        negative_heads(clauses), tuple(queries), tuple(evidence), tuple(directives), src.name,
        frozenset(libraries),
    )


Statement = Clause | AnnotatedDisjunction | NeuralAD


def negative_heads(clauses: list[Statement]) -> tuple[Statement, ...]:
    """Rewrite negative head literals as ProbLog does (Meert and Vennekens, PGM 2014).

    For every `f/n` some clause has as a negative head (`p::\\+f(...) :- b`), the positive
    heads of `f/n` become `f_p`, the negative ones `f_n`, and the rule
    `f(V0, ...) :- f_p(V0, ...), \\+ f_n(V0, ...)` is added at the end.

    Args:
        clauses: the program's statements in source order.

    Returns:
        The statements, rewritten when some head is negative.
    """
    negated: dict[tuple[str, int], Statement] = {}
    for c in clauses:
        heads = [c.head] if isinstance(c, Clause) else [
            h for _, h in c.heads] if isinstance(c, AnnotatedDisjunction) else []
        for h in heads:
            if h.functor == "\\+" and isinstance(atom := h.args[0], Struct):
                negated.setdefault((atom.functor, atom.arity), c)
    if not negated:
        return tuple(clauses)

    def head_of(head: Struct) -> Struct:
        atom = head.args[0] if head.functor == "\\+" else None
        if isinstance(atom, Struct):
            return Struct(atom.functor + "_n", atom.args)
        if (head.functor, head.arity) in negated:
            return Struct(head.functor + "_p", head.args)
        return head

    out: list[Statement] = []
    for c in clauses:
        if isinstance(c, Clause):
            out.append(Clause(head_of(c.head), c.body, c.location, c.prob))
        elif isinstance(c, AnnotatedDisjunction):
            options = tuple((p, head_of(h)) for p, h in c.heads)
            out.append(AnnotatedDisjunction(options, c.body, c.location))
        else:
            out.append(c)
    for (name, arity), first in negated.items():
        args = tuple(Var(f"V{i}") for i in range(arity))
        body = Struct(",", (Struct(name + "_p", args),
                            Struct("\\+", (Struct(name + "_n", args),))))
        out.append(Clause(Struct(name, args), body, first.location))
    return tuple(out)


def parse_file(path: str | os.PathLike[str]) -> ProgramAST:
    """Read and parse a program file (UTF-8); errors name the path as given.

    Args:
        path: the file to read.

    Returns:
        The program's AST, with `source_name` set to `str(path)`.
    """
    name = os.fspath(path)
    return parse(_read(name), name)


def _read(name: str) -> str:
    """The text of program file `name` (UTF-8)."""
    try:
        with open(name, encoding="utf-8") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ParseError(f"cannot read program file {name!r}: {exc}", None,
                         "check the path and that the file is UTF-8 text") from None


def parse_term(text: str, source_name: str = "<string>") -> Term:
    """Parse a single term (no final '.' needed; one is allowed).

    Args:
        text: the term text, e.g. `"add([a, b], X)"`.
        source_name: the name shown in error locations.

    Returns:
        The term.

    >>> print(parse_term("X is Y + 1 * 2"))
    X is Y+1*2
    """
    try:
        return _parse_term(SourceText(text, source_name))
    except RecursionError:
        raise ParseError("term nested too deeply", SourceLocation(source_name, 1, 1)) from None


def _parse_term(src: SourceText) -> Term:
    tokens, var_names = tokenize(src)
    p = TermParser(src, tokens, var_names)
    if tokens[0][0] == K_EOF:
        raise src.error(0, "expected a term, found an empty text")
    term, _ = p.parse(1200)
    tok = tokens[p.pos]
    if tok[0] == K_END and tokens[p.pos + 1][0] == K_EOF:
        return term
    if tok[0] != K_EOF:
        raise p.unexpected(tok, "an operator or the end of the term")
    return term
