% Negation: negation of an atom defined through a positive cycle.
0.4::e(a, b). 0.5::e(b, a). 0.6::e(b, c).
r(X, Y) :- e(X, Y).
r(X, Y) :- e(X, Z), r(Z, Y).
isolated_c :- \+ r(a, c), \+ r(b, c).
query(isolated_c).
