"""Compile a parsed constraint program (`ProgramAST`) into a tree of nodes, once.

Rules are inlined at each call (constraint programs are not recursive): a call's
arguments are bound to the clause head's variables, several matching clauses are a
disjunction. A variable stands for a batch of a named tensor: the one its quantifier names
(`forall(X:pos, G)` takes `pos`; `forall(X, G)` takes `X`), or, free in a query, the tensor
of its own name. Errors name the clause (`file:line:col`) where the problem is.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from cortexlog.errors import ConstraintError, SourceLocation
from cortexlog.language.arith import ArithmeticError_, evaluate
from cortexlog.language.ast import AnnotatedDisjunction, Clause, NeuralAD, ProgramAST
from cortexlog.language.terms import Num, Struct, Term, Var, format_term, is_ground, iter_list
from cortexlog.realvalued import nodes as n
from cortexlog.realvalued.aggregate import Aggregator
from cortexlog.realvalued.scope import Axis, Scope, deref, flatten, match, read_aggregator
from cortexlog.realvalued.values import CONSTANTS, FUNCTIONS

COMPARISONS = frozenset({"=<", "<", ">=", ">", "=:=", "=\\="})
_NOT_GOAL = "a goal is a comparison, a neural or defined predicate, or a connective"


@dataclass(frozen=True)
class Axiom:
    """One `query(...)` of the program, compiled.

    Attributes:
        name: the query atom's text, e.g. `forall(X:pos,a(X))`.
        free: the ids (= tensor names) of its free variables: its result's dimensions.
        node: the compiled formula.
        location: where the query is.
    """

    name: str
    free: tuple[str, ...]
    node: n.Node
    location: SourceLocation


class Builder:
    """Compile the queries of a constraint program.

    Args:
        program: the parsed program.
        networks: the names of the registered networks.
        forall: the default aggregator of `forall`.
        exists: the default aggregator of `exists`.
    """

    def __init__(self, program: ProgramAST, networks: Collection[str], forall: Aggregator,
                 exists: Aggregator) -> None:
        self.program = program
        self.defaults = {"forall": forall, "exists": exists}
        self.rules: dict[str, list[Clause]] = {}
        self.neural: dict[str, NeuralAD] = {}
        self.functions: dict[tuple[str, int], NeuralAD] = {}
        self.constants: dict[str, Term] = {}
        self._count = 0
        self._free: dict[str, None] = {}
        for c in program.clauses:
            if isinstance(c, AnnotatedDisjunction):
                raise ConstraintError("annotated disjunctions are not real-valued constraints",
                                      c.location, "write a rule, or a neural predicate nn/4")
            if isinstance(c, NeuralAD):
                self._neural(c, networks)
            elif c.head.signature == "constant/2" and c.body == Struct("true"):
                name = c.head.args[0]
                if not isinstance(name, Struct) or name.args:
                    raise ConstraintError(f"constant name {format_term(name)} is not an atom",
                                          c.location, "write constant(c, [0.5, 0.5]).")
                self.constants[name.functor] = c.head.args[1]
            else:
                self.rules.setdefault(c.head.signature, []).append(c)
        if program.evidence:
            raise ConstraintError("evidence/1 has no meaning in a constraint program",
                                  program.evidence[0].location, "state it as a query")

    def _neural(self, c: NeuralAD, networks: Collection[str]) -> None:
        if c.input_list is not None or c.tensor_valued and (
                c.head.args != (*c.inputs, c.output) or not all(
                    isinstance(x, Var) for x in c.inputs)):
            raise ConstraintError(
                f"unsupported neural declaration for {c.head.signature}", c.location,
                "write nn(Net, [X..]) :: p(X..), nn(Net, [X..], Y, Domain) :: p(X.., Y), "
                "or nn(Net, [X..], E) :: f(X.., E) (then f(X..) is a term)")
        if c.net not in networks:
            raise ConstraintError(f"no network named '{c.net}' was given", c.location,
                                  f"pass networks={{'{c.net}': module}} "
                                  f"(given: {', '.join(sorted(networks)) or 'none'})")
        if c.tensor_valued:
            self.functions[(c.head.functor, len(c.inputs))] = c
        else:
            self.neural[c.head.signature] = c

    def axioms(self) -> list[Axiom]:
        """Compile every query; each is one axiom of the knowledge base.

        Returns:
            The axioms in source order.
        """
        if not self.program.queries:
            raise ConstraintError("the constraint program has no query/1: nothing to satisfy",
                                  SourceLocation(self.program.source_name, 1, 1),
                                  "state each axiom as query(Goal).")
        out = []
        for q in self.program.queries:
            if q.body is not None:
                raise ConstraintError("a query with a body is not an axiom", q.location,
                                      "write query(name) and name :- Body.")
            self._free = {}
            node = self.goal(q.atom, Scope(open=True), q.location, ())
            out.append(Axiom(format_term(q.atom), tuple(self._free), node, q.location))
        return out

    # --- formulas ---------------------------------------------------------------------

    def goal(self, t: Term, scope: Scope, loc: SourceLocation, stack: tuple[str, ...]
             ) -> n.Node:
        """Compile a goal (a formula) under `scope`."""
        t, scope = deref(t, scope)
        if not isinstance(t, Struct):
            raise ConstraintError(f"{format_term(t)} is not a goal", loc, _NOT_GOAL)
        f, args = t.functor, t.args
        if t.signature in ("true/0", "false/0", "fail/0"):
            return n.Truth(1.0 if f == "true" else 0.0, loc)
        if f in (",", ";") and len(args) == 2:
            parts = [self.goal(g, scope, loc, stack) for g in flatten(t, f)]
            return n.Junction(f == ",", parts, loc)
        if f == "->" and len(args) == 2:
            return n.Implies(self.goal(args[0], scope, loc, stack),
                             self.goal(args[1], scope, loc, stack), loc)
        if f in ("\\+", "not") and len(args) == 1:
            return n.Not(self.goal(args[0], scope, loc, stack), loc)
        if f in ("forall", "exists") and len(args) in (2, 3):
            return self._quantifier(t, scope, loc, stack)
        if f in COMPARISONS and len(args) == 2:
            return n.Compare(f, self.term(args[0], scope, loc), self.term(args[1], scope, loc),
                             loc)
        if t.signature in self.neural:
            return self._neural_call(t, scope, loc)
        if t.signature in self.rules:
            return self._call(t, scope, loc, stack)
        if (f, len(args) - 1) in self.functions:
            raise ConstraintError(f"{t.signature} is a tensor-valued network, not a goal", loc,
                                  f"use {f}/{len(args) - 1} as a term: dist({f}(X), C) =< R")
        known = sorted(set(self.rules) | set(self.neural))
        raise ConstraintError(f"unknown predicate {t.signature}", loc,
                              f"{_NOT_GOAL}; defined here: {', '.join(known) or 'none'}")

    def _quantifier(self, t: Struct, scope: Scope, loc: SourceLocation,
                    stack: tuple[str, ...]) -> n.Node:
        var, domain = t.args[0], None
        if isinstance(var, Struct) and var.functor == ":" and var.arity == 2:
            var, dom = var.args
            dom, dom_scope = deref(dom, scope)
            domain = dom.functor if isinstance(dom, Struct) and not dom.args else None
            if isinstance(dom, Var):  # `Y:X`: Y ranges over the batch X ranges over
                domain = self._domain_of(dom, dom_scope, loc)
            if domain is None:
                raise ConstraintError(f"the domain {format_term(dom)} is not a name", loc,
                                      f"write {t.functor}(X:points, Goal)")
        if not isinstance(var, Var):
            raise ConstraintError(f"{t.functor} quantifies {format_term(var)}, not a variable",
                                  loc, f"write {t.functor}(X, Goal) or {t.functor}(X:dom, Goal)")
        self._count += 1
        domain = domain or var.name
        axis = f"{var.name}@{self._count}"
        aggregator = self.defaults[t.functor]
        if len(t.args) == 3:
            aggregator = read_aggregator(t.args[2], aggregator, loc)
        body = self.goal(t.args[1], scope.with_(var, Axis(axis, domain)), loc, stack)
        return n.Quantifier(axis, domain, body, aggregator, loc)

    def _domain_of(self, var: Var, scope: Scope, loc: SourceLocation) -> str:
        binding = scope.bindings.get(var)
        if isinstance(binding, Axis):
            return binding.domain
        if not scope.open:
            raise ConstraintError(f"variable {var.name} names no domain here", loc,
                                  f"quantify {var.name} first, or name the tensor: Y:points")
        return var.name

    def _neural_call(self, t: Struct, scope: Scope, loc: SourceLocation) -> n.Node:
        decl = self.neural[t.signature]
        head_args = list(decl.head.args)
        inputs: list[n.Node] = []
        column = None
        for pattern, arg in zip(head_args, t.args, strict=True):
            if decl.output is not None and pattern == decl.output:
                value, _ = deref(arg, scope)
                if value not in decl.domain:
                    raise ConstraintError(
                        f"{format_term(value)} is not in the domain of network '{decl.net}'",
                        loc, "domain: " + ", ".join(format_term(d) for d in decl.domain))
                column = decl.domain.index(value)
            elif pattern in decl.inputs:
                continue
            elif pattern != arg:
                raise ConstraintError(f"{format_term(t)} does not match {decl.head}", loc)
        for x in decl.inputs:
            inputs.append(self.term(t.args[head_args.index(x)], scope, loc))
        return n.Neural(decl.net, inputs, column, loc)

    def _call(self, t: Struct, scope: Scope, loc: SourceLocation, stack: tuple[str, ...]
              ) -> n.Node:
        if t.signature in stack:
            raise ConstraintError(f"{t.signature} is recursive", loc,
                                  "constraint programs are inlined: write it without recursion")
        parts: list[n.Node] = []
        for c in self.rules[t.signature]:
            inner = match(c, t, scope)
            if inner is None:
                continue
            body = self.goal(c.body, inner, c.location, stack + (t.signature,))
            if c.prob is not None:
                if not isinstance(c.prob, Num):
                    raise ConstraintError("only a number may weight a constraint clause",
                                          c.location, "write 0.8::p(X) :- ...")
                body = n.Junction(True, [n.Truth(float(c.prob.value), c.location), body], loc)
            parts.append(body)
        if not parts:
            return n.Truth(0.0, loc)
        return parts[0] if len(parts) == 1 else n.Junction(False, parts, loc)

    # --- terms ------------------------------------------------------------------------

    def term(self, t: Term, scope: Scope, loc: SourceLocation) -> n.Node:
        """Compile a real-valued term under `scope`."""
        t, scope = deref(t, scope)
        if isinstance(t, Var):
            binding = scope.bindings.get(t)
            if isinstance(binding, Axis):
                return n.Variable(binding.axis, binding.domain, loc)
            if not scope.open:
                raise ConstraintError(f"variable {t.name} is not bound", loc,
                                      f"quantify it: forall({t.name}, ...) or exists(...)")
            self._free[t.name] = None
            return n.Variable(t.name, t.name, loc)
        if isinstance(t, Num):
            return n.Const(float(t.value), loc)
        if not isinstance(t, Struct):
            raise ConstraintError(f"{format_term(t)} is not a real-valued term", loc)
        if t.functor == "." and t.arity == 2 or t.signature == "[]/0":
            return self._list(t, scope, loc)
        if not t.args:
            if t.functor in self.constants:
                return self.term(self.constants[t.functor], Scope(), loc)
            if t.functor in CONSTANTS:
                return n.Const(CONSTANTS[t.functor], loc)
            return n.Param(t.functor, loc)
        if t.signature == "at/2":
            index = t.args[1]
            if not isinstance(index, Num) or not isinstance(index.value, int):
                raise ConstraintError(f"the index of {format_term(t)} is not an integer", loc)
            return n.At(self.term(t.args[0], scope, loc), index.value, loc)
        key = (t.functor, t.arity)
        if key in self.functions:
            return n.NeuralTerm(self.functions[key].net,
                                [self.term(a, scope, loc) for a in t.args], loc)
        if key not in FUNCTIONS:
            raise ConstraintError(f"unknown function {t.signature} in a term", loc,
                                  "functions: + - * / ** abs min max sqrt exp log sin cos "
                                  "tanh sigmoid relu dist/2 norm/1 dot/2 sum/1 at/2")
        if is_ground(t):
            try:
                return n.Const(float(evaluate(t)), loc)
            except (ArithmeticError_, OverflowError, TypeError):
                pass
        return n.Function(key, [self.term(a, scope, loc) for a in t.args], loc)

    def _list(self, t: Struct, scope: Scope, loc: SourceLocation) -> n.Node:
        items = list(iter_list(t))
        if not items:
            raise ConstraintError("an empty list is not a real-valued term", loc)
        nodes = [self.term(i, scope, loc) for i in items]
        if all(isinstance(x, n.Const) for x in nodes):
            return n.Const([x.value for x in nodes if isinstance(x, n.Const)], loc)
        return n.Stack(nodes, loc)
