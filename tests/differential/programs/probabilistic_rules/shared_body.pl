% Probabilistic rules: two probabilistic rules with the same body are independent.
0.5::a.
0.5::x :- a.
0.5::y :- a.
both :- x, y.
query(both). query(x).
