% Errors: is/2 with an unbound variable on the right-hand side.
0.5::a.
p(X) :- a, X is Y + 1.
query(p(_)).
