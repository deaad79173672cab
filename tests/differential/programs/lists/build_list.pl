% Lists: building lists by recursion with probabilistic inclusion.
0.5::keep(1). 0.5::keep(2). 0.5::keep(3).
sel([], []).
sel([X|Xs], [X|Ys]) :- keep(X), sel(Xs, Ys).
sel([X|Xs], Ys) :- \+ keep(X), sel(Xs, Ys).
query(sel([1, 2, 3], [1, 3])). query(sel([1, 2, 3], [])). query(sel([1, 2, 3], [1, 2, 3])).
