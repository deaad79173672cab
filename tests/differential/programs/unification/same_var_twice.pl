% Unification: a head with the same variable twice only matches equal arguments.
eq(X, X).
0.5::pair(1, 1). 0.5::pair(1, 2).
diag :- pair(A, B), eq(A, B).
query(diag).
