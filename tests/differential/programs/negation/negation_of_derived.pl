% Negation: negation of a derived (recursive) atom.
0.5::e(a, b). 0.5::e(b, c).
p(X, Y) :- e(X, Y).
p(X, Y) :- e(X, Z), p(Z, Y).
unreachable :- \+ p(a, c).
query(unreachable).
