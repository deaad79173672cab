% append/3: splitting and joining lists.
:- use_module(library(lists)).
0.5::l1([a]). 0.5::l1([a, b]).
joined(L) :- l1(X), append(X, [c], L).
query(joined([a, c])). query(joined([a, b, c])).
