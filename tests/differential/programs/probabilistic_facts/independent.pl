% Probabilistic facts: independence of distinct facts.
0.3::a. 0.6::b.
both :- a, b.
either :- a.
either :- b.
query(both). query(either).
