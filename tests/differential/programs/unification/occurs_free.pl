% Unification: unifying two structures with shared variables.
0.5::p(f(X, X)) :- X = a.
q :- p(f(a, Y)), Y == a.
query(q).
