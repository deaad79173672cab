% Negation: negating a conjunction via an auxiliary predicate.
0.5::a. 0.5::b.
ab :- a, b.
nab :- \+ ab.
query(nab).
