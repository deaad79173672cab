% Recursion: a self-loop edge and a cycle through one node.
0.5::e(a, a). 0.4::e(a, b). 0.3::e(b, a).
r(X, Y) :- e(X, Y).
r(X, Y) :- e(X, Z), r(Z, Y).
query(r(a, a)). query(r(b, b)). query(r(b, a)).
