"""Tutorial 3: the same program under seven semantics, side by side.

Run it with ``python docs/tutorials/t03_semantics_side_by_side.py``. cortexlog compiles a
program into a circuit of ORs and ANDs; a *semantics* (an algebraic structure) says what
OR, AND and NOT compute. docs/semantics.md has the definitions; here they meet one program.
"""

import cortexlog

# --- 1. One program ------------------------------------------------------------------------
PROGRAM = """
0.6::a.
0.7::b.
0.2::c.

both :- a, b.            % a conjunction
either :- a.             % a disjunction, as two rules
either :- b.
q :- a, b.               % exclusive cases: a decides between b and c
q :- \\+ a, c.
neither :- \\+ a, \\+ b.   % negation as failure

query(both). query(either). query(q). query(neither).
"""
program = cortexlog.Program.from_string(PROGRAM)

SEMANTICS = ["probability", "logprob", "mpe", "godel", "product", "lukasiewicz",
             "possibilistic"]

# --- 2. The table --------------------------------------------------------------------------
# `query(semantics=...)` evaluates the program's queries and decodes the result for
# reporting (logprob works with log-probabilities inside, and reports probabilities).
table = {name: program.query(semantics=name) for name in SEMANTICS}
queries = list(table["probability"])
print("1. the program's queries under each semantics (P(a)=0.6, P(b)=0.7, P(c)=0.2):")
print(f"   {'semantics':<14}" + "".join(f"{q:>10}" for q in queries))
for name, values in table.items():
    print(f"   {name:<14}" + "".join(f"{float(values[q]):>10.4f}" for q in queries))

# --- 3. Reading the table --------------------------------------------------------------------
# probability: the probability that the query is true, summed over possible worlds.
#   both = 0.6 * 0.7, either = 1 - 0.4 * 0.3, q = 0.6 * 0.7 + 0.4 * 0.2.
# logprob: the same numbers, computed with log-probabilities (stable for long products).
# mpe: the probability of the single most probable world in which the query holds.
# godel: fuzzy logic, AND = min, OR = max, NOT x = 1 - x, read off the formula directly.
# product: fuzzy logic, AND = product, OR = 1 - prod(1 - x) (probabilistic sum).
# lukasiewicz: AND = max(0, x + y - 1), OR = min(1, x + y).
# possibilistic: probabilities become possibilities (a fact with p >= 1/2 is fully
#   possible), then max-min over worlds.
p = table["probability"]
assert abs(p["both"] - 0.6 * 0.7) < 1e-9
assert abs(p["either"] - (1 - 0.4 * 0.3)) < 1e-9
assert abs(p["q"] - (0.6 * 0.7 + 0.4 * 0.2)) < 1e-9
assert abs(table["logprob"]["both"] - p["both"]) < 1e-9
assert abs(table["godel"]["both"] - min(0.6, 0.7)) < 1e-9
assert abs(table["godel"]["either"] - max(0.6, 0.7)) < 1e-9
assert abs(table["lukasiewicz"]["both"] - max(0.0, 0.6 + 0.7 - 1)) < 1e-9
assert abs(table["lukasiewicz"]["either"] - min(1.0, 0.6 + 0.7)) < 1e-9
assert abs(table["mpe"]["both"] - 0.6 * 0.7 * 0.8) < 1e-9  # best world: a, b, not c
print("2. hand-computed checks passed (probability, logprob, godel, lukasiewicz, mpe)")

# --- 4. Batched and differentiable --------------------------------------------------------
# `compile` turns the program into a torch module mapping the probabilities of its facts
# (columns named by `input_names`) to its queries, for a whole batch at once.
print("3. compiled modules, a batch of two input rows, d(both)/d(inputs):")
for name in ["probability", "godel", "lukasiewicz"]:
    module = program.compile(["both"], semantics=name)
    inputs = module.default_inputs().repeat(2, 1)   # [2, n_inputs], the program's values
    inputs[1, module.input_names.index("a")] = 0.9  # second row: P(a) = 0.9
    inputs.requires_grad_(True)
    out = module(inputs)                            # [2, 1]
    out.sum().backward()
    grads = {n: [round(float(g), 2) for g in inputs.grad[:, i]]
             for i, n in enumerate(module.input_names)}
    print(f"   {name:<12} both = {[round(float(v), 4) for v in out.detach()[:, 0]]}  grad {grads}")
# probability: d(a*b)/da = b. godel: min passes the gradient only to its smaller input,
# which changes from a (row 1: 0.6 < 0.7) to b (row 2: 0.9 > 0.7). Lukasiewicz: 1 for both
# inputs while a + b > 1. The choice of semantics is a choice of learning signal as well.

# --- 5. Training under a semantics ------------------------------------------------------------
# `cortexlog.Model(program, semantics="godel")` (or `cortexlog train --semantics godel`)
# trains networks through the same circuit under another semantics; see tutorial 2.
print("tutorial 3 done: probability P(q) =", round(p["q"], 4),
      "| godel q =", round(float(table["godel"]["q"]), 4))
