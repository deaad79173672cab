% Errors: integer division by zero in is/2.
0.5::a.
p(X) :- a, X is 1 // 0.
query(p(_)).
