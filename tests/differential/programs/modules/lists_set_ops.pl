% use_module(library(lists)): intersection, union, subtract, subset, is_set, delete on chosen lists.
:- use_module(library(lists)).
0.4::a([1, 2, 3]). 0.5::a([2, 4]).
0.6::b([2, 3, 5]).
inter(I) :- a(A), b(B), intersection(A, B, I).
uni(U) :- a(A), b(B), union(A, B, U).
sub(S) :- a(A), b(B), subtract(A, B, S).
covered :- a(A), subset(A, [1, 2, 3, 4]).
set(L) :- member(L, [[1, 2], [1, 1], []]), is_set(L).
del(D) :- a(A), delete(A, 2, D).
query(inter(_)). query(uni(_)). query(sub(_)). query(covered). query(set(_)). query(del(_)).
