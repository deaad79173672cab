"""Directives: which are accepted, and those that load other files (`consult/1` and
library(db)'s `csv_load/2` and `sqlite_load/1`), as ProbLog.

`:- consult(File).` (or `:- [File, ...].`) adds the statements of `File` (queries and evidence
too) where the directive stands; `File` is relative to the directory of the file holding
the directive (the working directory for a program given as a string), and `.pl` is added
when the name has no such file. A file is loaded once.

`:- csv_load(File, Pred).` (with `:- use_module(library(db)).`) adds one fact
`Pred(V1, ..., Vn)` per data row of a CSV file whose first row names the columns. As in
ProbLog, the first data row fixes each column's type: integer, float, or text (an atom,
its surrounding spaces removed).
"""

from __future__ import annotations

import csv
import os
import sqlite3

from cortexlog.errors import ProgramError, SourceLocation
from cortexlog.language.ast import Clause, Directive
from cortexlog.language.terms import Num, Struct, Term, format_term, iter_list, list_tail

NIL = Struct("[]")
TRUE = Struct("true")
#: Library names accepted by `:- use_module(library(Name)).` (ProbLog's standard library).
KNOWN_LIBRARIES = frozenset({
    "aggregate", "apply", "aproblog", "assert", "builtin", "collect", "control", "cut",
    "db", "lists", "nlp4plp", "record", "scope", "sets", "string",
})
#: Directive names the loader understands.
KNOWN_DIRECTIVES = (
    "use_module/1", "use_module/2", "use_module('file.py')", "dynamic/1", "discontiguous/1",
    "unknown(fail|error)",
    "consult/1", "[File, ...]", "csv_load/2 and sqlite_load/1 (library(db))",
)


def directive(goal: Term, loc: SourceLocation, libraries: set[str]) -> Directive:
    """The directive `:- goal.` (a `use_module` adds its library to `libraries`).

    Args:
        goal: the directive's goal.
        loc: its location, for errors.
        libraries: collects the names of loaded libraries.

    Returns:
        The directive; files it loads are read by the parser (`language.program`).
    """
    if isinstance(goal, Struct) and goal.functor == "use_module" and goal.arity in (1, 2):
        lib = goal.args[0]
        if isinstance(lib, Struct) and lib.functor == "library" and lib.arity == 1:
            name = lib.args[0]
            if isinstance(name, Struct) and name.functor in KNOWN_LIBRARIES and not name.args:
                libraries.add(name.functor)
                return Directive(goal, loc)
        if isinstance(lib, Struct) and not lib.args and lib.functor.endswith(".py"):
            return Directive(goal, loc)  # Python-defined builtins: path resolved by the parser
        raise ProgramError(
            f"unknown library in {format_term(goal)}", loc,
            "known libraries: " + ", ".join(sorted(KNOWN_LIBRARIES)),
        )
    if isinstance(goal, Struct) and (goal.signature in ("consult/1", "./2") or (
            goal.signature == "csv_load/2" and "db" in libraries)):
        return Directive(goal, loc)  # files loaded by the parser (`language.loading`)
    if isinstance(goal, Struct) and goal.signature in ("dynamic/1", "discontiguous/1"):
        return Directive(goal, loc)
    if isinstance(goal, Struct) and str(goal) in ("unknown(fail)", "unknown(error)"):
        return Directive(goal, loc)  # what a call to an undefined predicate does
    if isinstance(goal, Struct) and goal.signature == "sqlite_load/1":
        if "db" in libraries:
            return Directive(goal, loc)  # tables loaded by the parser (`sqlite_facts`)
        raise ProgramError("sqlite_load/1 needs library(db)", loc,
                           "add :- use_module(library(db)). before it")
    raise ProgramError(
        f"unknown directive :- {format_term(goal, 1199)}", loc,
        "supported directives: " + ", ".join(KNOWN_DIRECTIVES),
    )


def python_file(goal: Struct) -> str | None:
    """The Python file a `use_module('lib.py')` directive names, else None.

    Args:
        goal: a `use_module/1,2` directive's goal.

    Returns:
        The file name as written, or None for a library.
    """
    lib = goal.args[0] if goal.args else None
    if isinstance(lib, Struct) and not lib.args and lib.functor.endswith(".py"):
        return lib.functor
    return None


def file_names(arg: Term, loc: SourceLocation) -> list[str]:
    """The file names an argument stands for (an atom, or a list of atoms for `:- [F, ...]`).

    Args:
        arg: the directive's argument.
        loc: the directive's location, for errors.

    Returns:
        The names, in order.
    """
    items = list(iter_list(arg)) if list_tail(arg) == NIL and arg != NIL else [arg]
    names = []
    for item in items:
        if not (isinstance(item, Struct) and not item.args):
            raise ProgramError(f"consult/1 expects a file name (an atom), found {item}", loc,
                               "write :- consult('file.pl'). or :- [a, b].")
        names.append(item.functor)
    return names


def resolve(name: str, source_name: str, loc: SourceLocation, what: str) -> str:
    """The path of file `name` named in `source_name` (relative to its directory).

    Args:
        name: the file name as written.
        source_name: the name of the file holding the directive (`<string>` for text).
        loc: the directive's location, for errors.
        what: the directive, for the error message.

    Returns:
        The existing file's normalised path (`name.pl` when only that exists).
    """
    root = os.path.dirname(source_name) if os.path.isfile(source_name) else os.getcwd()
    path = os.path.join(root, name)
    for candidate in (path, path + ".pl"):
        if os.path.isfile(candidate):
            return os.path.normpath(os.path.abspath(candidate))
    raise ProgramError(f"{what}: file not found {path!r}", loc,
                       "the path is relative to the directory of the file holding the directive")


def csv_facts(path: str, pred: str, loc: SourceLocation) -> list[Clause]:
    """One fact `pred(...)` per data row of the CSV file at `path`.

    Args:
        path: the CSV file (first row: column names).
        pred: the predicate name.
        loc: the directive's location (the facts' location too).

    Returns:
        The facts, in file order.
    """
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = [row for row in csv.reader(handle) if row]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ProgramError(f"csv_load: cannot read {path!r}: {exc}", loc) from None
    if len(rows) < 2:
        return []
    kinds = [_kind(field) for field in rows[1]]
    facts = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(kinds):
            raise ProgramError(f"csv_load: {path}:{line} has {len(row)} fields, expected "
                               f"{len(kinds)}", loc)
        args: list[Term] = []
        for field, kind in zip(row, kinds, strict=True):
            try:
                args.append(Struct(field.strip()) if kind is str else Num(kind(field)))
            except ValueError:
                raise ProgramError(f"csv_load: {path}:{line}: expected {kind.__name__}, found "
                                   f"{field!r}", loc) from None
        facts.append(Clause(Struct(pred, tuple(args)), TRUE, loc))
    return facts


def sqlite_facts(path: str, loc: SourceLocation) -> list[Clause]:
    """One fact `table(C1, ..., Cn)` per row of each table of the SQLite database at `path`.

    Args:
        path: the database file.
        loc: the directive's location (the facts' location too).

    Returns:
        The facts, table by table (in the database's order), rows in table order.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table'")]
            rows = {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ProgramError(f"sqlite_load: cannot read {path!r}: {exc}", loc) from None
    facts = []
    for table, values in rows.items():
        for row in values:
            args: list[Term] = []
            for value in row:
                if isinstance(value, str):
                    args.append(Struct(value))
                elif isinstance(value, int | float):
                    args.append(Num(value))
                else:
                    raise ProgramError(
                        f"sqlite_load: table {table} of {path} holds {value!r}, which has no "
                        "term form", loc, "only text, integer and real values are loaded")
            facts.append(Clause(Struct(table, tuple(args)), TRUE, loc))
    return facts


def _kind(field: str) -> type:
    """The type of a column, from its first data row: int, float or str."""
    for kind in (int, float):
        try:
            kind(field)
        except ValueError:
            continue
        return kind
    return str
