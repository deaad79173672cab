% select/3 from library(lists): removing one element.
:- use_module(library(lists)).
0.5::hand([a, b, c]).
rest(R) :- hand(H), select(b, H, R).
query(rest([a, c])).
