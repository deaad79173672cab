% library(lists) select_weighted/5 and select_uniform/4: weights need not sum to 1, the
% same id and list pick the same value, different ids are independent, and the weights
% may come from a probabilistic rule.
:- use_module(library(lists)).
pick(X) :- select_weighted(d, [1, 2, 3.5], [a, b, c], X, _).
same :- select_weighted(d, [1, 2, 3.5], [a, b, c], X, _), select_weighted(d, [1, 2, 3.5], [a, b, c], Y, _), X == Y.
indep(X, Y) :- select_weighted(e1, [0.2, 0.8], [h, t], X, _), select_weighted(e2, [0.2, 0.8], [h, t], Y, _).
uni(X) :- select_uniform(u, [1, 2, 3], X, _).
0.5::biased.
w([0.9, 0.1]) :- biased.
w([0.5, 0.5]) :- \+ biased.
flip(X) :- w(W), select_weighted(f, W, [h, t], X, _).
query(pick(_)).
query(same).
query(indep(h, _)).
query(uni(_)).
query(flip(_)).
