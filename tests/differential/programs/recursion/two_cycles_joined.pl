% Recursion: two cycles sharing one node, non-ground query over reachability.
0.5::e(1, 2). 0.5::e(2, 1). 0.5::e(2, 3). 0.5::e(3, 2). 0.5::e(3, 4).
t(X, Y) :- e(X, Y).
t(X, Y) :- e(X, Z), t(Z, Y).
query(t(1, _)).
