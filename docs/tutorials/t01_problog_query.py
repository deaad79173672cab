"""Tutorial 1: from a ProbLog program to a query.

Run it with ``python docs/tutorials/t01_problog_query.py``. It needs no data and no torch
training: a logic program is parsed, grounded and compiled, and its queries are answered.
"""

from pathlib import Path

import cortexlog

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"  # the repository's examples/

# --- 1. A program from a string -------------------------------------------------------
# ProbLog syntax: `p::fact.` is a fact that holds with probability p, independently of
# the others; `p::head :- body.` is a rule that fires with probability p when its body
# holds. `query(...)` names what we want to know.
SPRINKLER = """
0.3::rain.
0.5::sprinkler.
0.9::wet :- rain.
0.8::wet :- sprinkler.

query(wet).
query(rain).
"""

program = cortexlog.Program.from_string(SPRINKLER)
answers = program.query()  # {query atom as ProbLog writes it: probability}
print("1. queries of the program:")
for atom, p in answers.items():
    print(f"   P({atom}) = {p:.4f}")

# Check by hand: wet fails only when neither cause fires,
# P(wet) = 1 - (1 - 0.3 * 0.9) * (1 - 0.5 * 0.8) = 1 - 0.73 * 0.6 = 0.562.
assert abs(answers["wet"] - (1 - (1 - 0.3 * 0.9) * (1 - 0.5 * 0.8))) < 1e-9

# --- 2. Asking other queries ----------------------------------------------------------
# `query()` also takes the queries as strings; they replace the program's `query/1`s.
print("2. an ad-hoc query:", program.query(["sprinkler"]))

# --- 3. Evidence: conditioning on what was observed -----------------------------------
# `evidence(atom).` (or `evidence(atom, false).`) makes the answers conditional
# probabilities P(query | evidence). Seeing the grass wet makes rain more likely.
observed = cortexlog.Program.from_string(SPRINKLER.replace("query(wet).", "evidence(wet)."))
p_rain = observed.query()["rain"]
print(f"3. P(rain | wet) = {p_rain:.4f}   (prior P(rain) = 0.3)")
dry = cortexlog.Program.from_string(SPRINKLER.replace("query(wet).", "evidence(wet, false)."))
print(f"   P(rain | not wet) = {dry.query()['rain']:.4f}")

# --- 4. A program from a file, with variables -----------------------------------------
# examples/alarm.pl is Pearl's burglary alarm: two neighbours called; was it a burglary?
alarm = cortexlog.Program.from_file(EXAMPLES / "alarm.pl")
print("4. examples/alarm.pl given both calls:")
for atom, p in alarm.query().items():
    print(f"   P({atom} | calls) = {p:.4f}")

# Queries may have variables: every answer is a separate entry.
dice = cortexlog.Program.from_file(EXAMPLES / "dice.pl")
sums = dice.query(["sum(S)"])
print("   two dice, P(sum(S)) for every S:", {k: round(v, 4) for k, v in sums.items()})
assert abs(sum(sums.values()) - 1.0) < 1e-9  # the sums are exclusive and exhaustive

# --- 5. Semantics ---------------------------------------------------------------------
# The same circuit can be read under another logic (tutorial 3 compares them all).
print("5. P(wet) under mpe (most probable world where wet holds):",
      round(program.query(["wet"], semantics="mpe")["wet"], 4))

# --- 6. Errors say where and how to fix -----------------------------------------------
try:
    cortexlog.Program.from_string("0.5::a\nquery(a).", "bad.pl")
except cortexlog.CortexlogError as err:
    print("6. a parse error:", str(err).splitlines()[0])

print("tutorial 1 done: P(wet) =", round(answers["wet"], 4))
