% member/2: list membership over a probabilistic list.
:- use_module(library(lists)).
0.6::basket([apple, pear]). 0.4::basket([plum]).
has(F) :- basket(L), member(F, L).
query(has(apple)). query(has(plum)).
