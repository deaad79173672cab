% use_module(library(lists)): sum_list, max_list, reverse, last from the library.
:- use_module(library(lists)).
0.5::data([3, 1, 2]).
0.5::data([5]).
total(S) :- data(L), sum_list(L, S).
big :- data(L), max_list(L, M), M >= 5.
ends(X) :- data(L), reverse(L, [X|_]).
query(total(6)). query(big). query(ends(2)).
