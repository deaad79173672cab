% use_module(library(lists)): permutation/2 enumerates permutations of a list.
:- use_module(library(lists)).
0.5::shuffle(P) :- permutation([1, 2, 3], P).
first_one :- shuffle([1|_]).
query(shuffle([3, 1, 2])). query(first_one).
