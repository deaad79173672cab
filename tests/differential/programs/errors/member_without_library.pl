% Errors: member/2 without use_module(library(lists)) is unknown in ProbLog.
0.5::l([a]).
m :- l(L), member(a, L).
query(m).
