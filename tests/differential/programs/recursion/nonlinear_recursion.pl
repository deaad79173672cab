% Recursion: doubly recursive (non-linear) transitive closure on a cycle.
0.3::e(a, b). 0.6::e(b, c). 0.9::e(c, a).
tc(X, Y) :- e(X, Y).
tc(X, Y) :- tc(X, Z), tc(Z, Y).
query(tc(a, a)). query(tc(c, b)).
