% use_module(library(lists)): list predicates from the library.
:- use_module(library(lists)).
0.5::bag([c, a, b]).
0.5::bag([z]).
has_a :- bag(L), member(a, L).
sorted_first(X) :- bag(L), sort(L, [X|_]).
query(has_a). query(sorted_first(a)).
