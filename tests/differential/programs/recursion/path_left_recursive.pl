% Recursion: left-recursive path/2 over a graph with a two-node cycle.
0.6::e(1, 2). 0.7::e(2, 1). 0.8::e(2, 3). 0.3::e(3, 1).
p(X, Y) :- e(X, Y).
p(X, Y) :- p(X, Z), e(Z, Y).
query(p(1, 3)). query(p(3, 2)). query(p(1, 1)).
