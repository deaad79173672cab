% Comparison: < and >= between two probabilistic values.
0.5::a(1); 0.5::a(3).
0.5::b(2); 0.5::b(3).
less :- a(X), b(Y), X < Y.
geq :- a(X), b(Y), X >= Y.
query(less). query(geq).
