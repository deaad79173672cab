% Recursion: reachability over a cyclic graph (right-recursive path/2).
0.5::edge(a, b). 0.5::edge(b, c). 0.5::edge(c, a). 0.5::edge(c, d).
path(X, Y) :- edge(X, Y).
path(X, Y) :- edge(X, Z), path(Z, Y).
query(path(a, d)). query(path(a, a)). query(path(d, a)).
