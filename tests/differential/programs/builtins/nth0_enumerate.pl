% nth0/3 and nth1/3 enumerating positions over a deterministic list.
:- use_module(library(lists)).
0.5::at(I) :- nth0(I, [a, b, c], _).
first_two :- nth1(1, [a, b, c], X), nth1(2, [a, b, c], Y), X \== Y, at(0), at(1).
query(at(2)). query(first_two).
