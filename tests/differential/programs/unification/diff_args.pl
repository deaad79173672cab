% Unification: \= and \== on ground atoms.
0.5::x(a). 0.5::x(b).
y :- x(A), x(B), A \= B.
z :- x(A), x(B), A \== B.
query(y). query(z).
