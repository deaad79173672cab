% length/2 generating a list of fresh variables, then filling it.
0.5::fill(x).
l(L) :- length(L, 2), L = [A, A], fill(A).
query(l([x, x])).
