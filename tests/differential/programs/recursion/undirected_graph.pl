% Recursion: connectivity in an undirected probabilistic graph (symmetric edges, cycles).
0.6::e(a, b). 0.5::e(b, c). 0.4::e(c, d). 0.7::e(a, d).
adj(X, Y) :- e(X, Y).
adj(X, Y) :- e(Y, X).
conn(X, Y) :- adj(X, Y).
conn(X, Y) :- adj(X, Z), conn(Z, Y).
query(conn(a, c)). query(conn(b, d)).
