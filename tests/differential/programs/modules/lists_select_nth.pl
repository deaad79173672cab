% use_module(library(lists)): selectchk/3, nth0/4, nth1/4, max_member/2 (list first, as ProbLog).
:- use_module(library(lists)).
0.5::l([c, a, b, a]). 0.25::l([z, 1, f(x)]).
chk(R) :- l(L), selectchk(a, L, R).
rest0(I, X, R) :- l(L), nth0(I, L, X, R).
rest1(X, R) :- l(L), nth1(2, L, X, R).
top(M) :- l(L), max_member(L, M).
query(chk(_)). query(rest0(_, _, _)). query(rest1(_, _)). query(top(_)).
