"""Pictures in graphviz DOT: the ground program and the compiled circuit, with atom names.

`ground_dot`: one ellipse per atom (queries bold, evidence atoms filled), one box per rule
(`AND`, or `true` for a fact) with an edge from the head and to each body literal (dashed
for a negated one), and one cluster per choice group holding its options `w::atom`.
`circuit_dot`: the compiled circuit, literals named by their atoms (`\\+atom` for a
negative literal), AND boxes, OR diamonds, and a plain-text node per output (the queries,
then `evidence`). `proofs_dot`: each query's proofs. `render_png` runs graphviz's `dot`.
"""

from __future__ import annotations

import shutil
import subprocess

from cortexlog.circuits.ir import Kind
from cortexlog.compile.variables import CompiledCircuit, VarKind
from cortexlog.errors import CortexlogError
from cortexlog.grounding.ground_program import (
    ChoiceGroup,
    ChoiceVar,
    GroundProgram,
    Literal,
    NeuralWeight,
    Weight,
)
from cortexlog.language.terms import Struct, format_query, format_term
from cortexlog.tools.explain import Explanation
from cortexlog.tools.naming import format_weight


def quote(text: str) -> str:
    """A DOT string literal.

    >>> quote('\\\\+a "b"')
    '"\\\\\\\\+a \\\\"b\\\\""'
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ground_dot(gp: GroundProgram) -> str:
    """The ground program as a DOT digraph (see the module doc).

    Args:
        gp: the ground program.

    Returns:
        The DOT text.

    >>> from cortexlog.program import Program
    >>> print(ground_dot(Program.from_string("0.5::a. b :- \\\\+a. query(b).").ground()), end="")
    digraph ground {
      rankdir=TB;
      subgraph cluster_g0 {
        label="choice 0"; style=rounded;
        c0_0 [label="0.5::a", shape=box];
      }
      a0 [label="a", shape=ellipse];
      a1 [label="b", shape=ellipse, style=bold];
      r0 [label="AND", shape=box];
      a0 -> r0;
      r0 -> c0_0;
      r1 [label="AND", shape=box];
      a1 -> r1;
      r1 -> a0 [style=dashed, label="not"];
    }
    """
    atoms: dict[Struct, str] = {}

    def atom(a: Struct) -> str:
        return atoms.setdefault(a, f"a{len(atoms)}")

    for r in gp.rules:
        atom(r.head)
        for lit in r.body:
            if isinstance(lit.node, Struct):
                atom(lit.node)
    for q in gp.queries:
        atom(q)
    for a, _ in gp.evidence:
        atom(a)
    lines = ["digraph ground {", "  rankdir=TB;"]
    for g, group in enumerate(gp.groups):
        lines += [f"  subgraph cluster_g{g} {{", f'    label="choice {g}"; style=rounded;']
        for i, (w, lab) in enumerate(zip(group.weights, group.labels, strict=True)):
            text = f"{_weight(w, group)}::{format_term(lab)}"
            lines.append(f"    c{g}_{i} [label={quote(text)}, shape=box];")
        lines.append("  }")
    queries, evidence = set(gp.queries), dict(gp.evidence)
    for a, name in atoms.items():
        extra = ", style=bold" if a in queries else ""
        if a in evidence:
            extra += f', style=filled, fillcolor={"palegreen" if evidence[a] else "lightpink"}'
        lines.append(f"  {name} [label={quote(format_query(a))}, shape=ellipse{extra}];")
    for k, r in enumerate(gp.rules):
        lines += [f'  r{k} [label="{"AND" if r.body else "true"}", shape=box];',
                  f"  {atoms[r.head]} -> r{k};"]
        lines += [f"  r{k} -> {_target(lit, atoms)}" for lit in r.body]
    return "\n".join([*lines, "}"]) + "\n"


def _weight(w: Weight, group: ChoiceGroup) -> str:
    if isinstance(w, NeuralWeight):
        return f"nn({w.net},{w.index})"
    return format_weight(w, group)


def _target(lit: Literal, atoms: dict[Struct, str]) -> str:
    node = lit.node
    if isinstance(node, ChoiceVar):
        name = f"c{node.group}_{node.index}"
    else:
        assert isinstance(node, Struct), "the tools ground by enumeration (no constraints)"
        name = atoms[node]
    return f"{name};" if lit.positive else f'{name} [style=dashed, label="not"];'


def variable_names(compiled: CompiledCircuit, gp: GroundProgram) -> list[str]:
    """The atom each circuit variable stands for (`none(G)` for a group's "no option").

    Args:
        compiled: the compiled circuit.
        gp: its ground program.

    Returns:
        One name per circuit variable.
    """
    names = []
    for var in compiled.variables:
        if var.kind == VarKind.NONE:
            names.append(f"none({var.group})")
        else:
            names.append(format_term(gp.groups[var.group].labels[var.index]))
    return names


def circuit_dot(compiled: CompiledCircuit, gp: GroundProgram) -> str:
    """The compiled circuit as a DOT digraph, literals named by atoms.

    Args:
        compiled: the compiled circuit (`cortexlog.compile.compile_sdd`).
        gp: its ground program (for the atom names).

    Returns:
        The DOT text; edges go from each node to its children.
    """
    c = compiled.circuit
    names = variable_names(compiled, gp)
    lines = ["digraph circuit {", "  rankdir=TB;"]
    for i, (k, v, ch) in enumerate(zip(c.kinds, c.vars, c.children, strict=True)):
        if k in (Kind.POS, Kind.NEG):
            label = names[v] if k == Kind.POS else "\\+" + names[v]
            lines.append(f"  n{i} [label={quote(label)}, shape=ellipse];")
        elif k in (Kind.AND, Kind.OR):
            shape = "box" if k == Kind.AND else "diamond"
            lines.append(f'  n{i} [label="{k.name}", shape={shape}];')
            lines += [f"  n{i} -> n{x};" for x in ch]
        else:
            lines.append(f'  n{i} [label="{k.name.lower()}", shape=plaintext];')
    outputs = [format_query(q) for q in compiled.queries] + ["evidence"]
    for j, (o, label) in enumerate(zip(c.outputs, outputs, strict=False)):
        lines += [f"  out{j} [label={quote(label)}, shape=plaintext];",
                  f"  out{j} -> n{o} [style=dotted];"]
    return "\n".join([*lines, "}"]) + "\n"


def proofs_dot(explanations: list[Explanation]) -> str:
    """The proofs of each query as a DOT digraph: query -> proof (AND, with its
    probability) -> choice literals, each literal drawn once.

    Args:
        explanations: from `cortexlog.tools.explain.explain`.

    Returns:
        The DOT text.

    >>> from cortexlog.tools.explain import Explanation
    >>> print(proofs_dot([Explanation("c", ((("a",), 0.5), (("\\\\+a", "b"), 0.2)), 0.7)]),
    ...       end="")
    digraph proofs {
      rankdir=LR;
      q0 [label="c: 0.7", shape=ellipse, style=bold];
      p0_0 [label="AND 0.5", shape=box];
      q0 -> p0_0;
      l0 [label="a", shape=ellipse];
      p0_0 -> l0;
      p0_1 [label="AND 0.2", shape=box];
      q0 -> p0_1;
      l1 [label="\\\\+a", shape=ellipse];
      p0_1 -> l1;
      l2 [label="b", shape=ellipse];
      p0_1 -> l2;
    }
    """
    lines = ["digraph proofs {", "  rankdir=LR;"]
    literals: dict[str, str] = {}
    for k, e in enumerate(explanations):
        lines.append(f"  q{k} [label={quote(f'{e.query}: {e.probability:.8g}')}, "
                     "shape=ellipse, style=bold];")
        for j, (texts, p) in enumerate(e.proofs):
            lines += [f'  p{k}_{j} [label="AND {p:.8g}", shape=box];', f"  q{k} -> p{k}_{j};"]
            for text in texts:
                if text not in literals:
                    literals[text] = f"l{len(literals)}"
                    lines.append(f"  {literals[text]} [label={quote(text)}, shape=ellipse];")
                lines.append(f"  p{k}_{j} -> {literals[text]};")
    return "\n".join([*lines, "}"]) + "\n"


def render_png(dot_text: str, path: str) -> None:
    """Render DOT text to a PNG file with graphviz's `dot` program.

    Args:
        dot_text: the graph.
        path: the PNG file to write.

    Raises:
        CortexlogError: graphviz is not installed, or `dot` failed.
    """
    exe = shutil.which("dot")
    if exe is None:
        raise CortexlogError(
            "cannot draw a PNG: graphviz's `dot` program is not installed",
            hint="install graphviz (apt-get install graphviz, brew install graphviz or "
            "conda install graphviz), or write the DOT text with --dot --out FILE.dot",
        )
    done = subprocess.run([exe, "-Tpng", "-o", path], input=dot_text, text=True,
                          capture_output=True, check=False)
    if done.returncode != 0:
        raise CortexlogError(f"graphviz's dot failed: {done.stderr.strip()}",
                             hint="check that the output path is writable")
