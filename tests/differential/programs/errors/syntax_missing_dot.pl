% Errors: a clause without its terminating dot.
0.5::a
b :- a.
query(b).
