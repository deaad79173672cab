% Errors: a rule calls a predicate that has no clauses at all.
0.5::a.
b :- a, nowhere.
query(b).
