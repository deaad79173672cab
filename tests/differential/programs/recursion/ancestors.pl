% Recursion: ancestor over a probabilistic family tree.
0.9::parent(a, b). 0.8::parent(b, c). 0.7::parent(c, d). 0.6::parent(a, c).
anc(X, Y) :- parent(X, Y).
anc(X, Y) :- parent(X, Z), anc(Z, Y).
query(anc(a, d)). query(anc(b, d)).
