% Lists: a user-defined recursive list length, over probabilistic list facts.
len([], 0).
len([_|T], N) :- len(T, M), N is M + 1.
0.4::lst([x, y, z]).
0.3::lst([u]).
long :- lst(L), len(L, N), N > 2.
query(long).
query(lst([x, y, z])).
