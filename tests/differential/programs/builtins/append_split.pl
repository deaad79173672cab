% append/3: enumerating splits of a list.
:- use_module(library(lists)).
splits(N) :- findall(A-B, append(A, B, [1, 2, 3]), L), length(L, N).
0.5::ok :- splits(4).
query(ok).
