% query(clause(H, B)): each matching clause as stored, its variables V_0, V_1, ...
% in order of first occurrence (head, then body); false when no clause matches.
0.5::coin.
g(Y, Z) :- h(X, Y), Z = X.
g(a, b).
k(X) :- m(Y, W), n(X, Y, _), \+ o(W).
f(X, X).
h(1, 2).
query(clause(g(_, _), B)).
query(clause(g(a, _), true)).
query(clause(k(_), _)).
query(clause(f(1, Q), true)).
query(clause(h(1, 2), true)).
query(clause(h(3, 4), _)).
query(clause(g(_, _), (h(_, _), _))).
