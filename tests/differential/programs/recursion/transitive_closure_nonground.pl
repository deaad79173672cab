% Recursion: a non-ground query over a recursive predicate on a cycle.
0.5::edge(x, y). 0.5::edge(y, z). 0.5::edge(z, x).
reach(X, Y) :- edge(X, Y).
reach(X, Y) :- edge(X, Z), reach(Z, Y).
query(reach(x, _)).
