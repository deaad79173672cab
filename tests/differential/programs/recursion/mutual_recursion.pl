% Recursion: mutual recursion even/odd over a probabilistic chain.
0.8::link(0, 1). 0.8::link(1, 2). 0.8::link(2, 3). 0.5::link(3, 0).
even(0).
even(Y) :- odd(X), link(X, Y).
odd(Y) :- even(X), link(X, Y).
query(even(2)). query(odd(3)). query(odd(1)).
