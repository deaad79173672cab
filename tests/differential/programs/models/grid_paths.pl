% Classic model: paths in a 2x3 grid where every cell is open with probability 0.8.
cell(X, Y) :- between(0, 1, X), between(0, 2, Y).
0.8::open(X, Y) :- cell(X, Y).
next(X, Y, X1, Y) :- X1 is X + 1, X1 =< 1.
next(X, Y, X, Y1) :- Y1 is Y + 1, Y1 =< 2.
reach(0, 0) :- open(0, 0).
reach(X1, Y1) :- reach(X, Y), next(X, Y, X1, Y1), open(X1, Y1).
query(reach(1, 2)). query(reach(0, 2)).
