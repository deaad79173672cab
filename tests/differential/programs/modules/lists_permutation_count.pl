% use_module(library(lists)): permutation/2 of a chosen list; a 3-list has 6 permutations.
:- use_module(library(lists)).
0.5::items([a, b, c]). 0.5::items([x, y]).
perm(P) :- items(L), permutation(L, P).
starts_b :- perm([b|_]).
query(perm(_)). query(starts_b).
