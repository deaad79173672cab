% findall/3 collects one element per proof: two clauses proving e(1), two member/2 proofs of g(1).
:- use_module(library(lists)).
e(1). e(X) :- X = 1.
g(X) :- member(X, [1, 1, 2]).
h(X) :- g(X).
0.5::go.
re(L) :- go, findall(X, e(X), L).
rh(L) :- go, findall(X, h(X), L).
query(re(_)). query(rh(_)).
