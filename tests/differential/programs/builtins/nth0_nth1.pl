% nth0/3 and nth1/3: indexed list access.
:- use_module(library(lists)).
0.5::row([x, y, z]). 0.5::row([u, v]).
second0(E) :- row(L), nth0(1, L, E).
second1(E) :- row(L), nth1(2, L, E).
query(second0(y)). query(second1(v)).
