% once/1 is call/1 in ProbLog: every solution and its binding is kept (probabilistic or not).
:- use_module(library(lists)).
0.3::b(1). 0.5::b(2).
r(X) :- once(b(X)).
d(X) :- once(member(X, [x, y])).
query(r(_)). query(d(_)).
