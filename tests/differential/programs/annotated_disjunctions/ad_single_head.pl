% Annotated disjunctions: a one-headed AD is a probabilistic fact.
0.45::only.
0.45::alone :- true.
q :- only, alone.
query(q).
