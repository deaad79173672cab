% A deterministic answer that keeps variables (true for every instance) is printed with
% ProbLog's variable names, as ProbLog answers it; a probabilistic one is an error in both.
p(_).
q(X, f(Y), X).
0.4::c.
r(X) :- c, X = g(_).
s(X) :- r(X).
query(p(_)).
query(q(A, B, C)).
query(q(1, f(Z), W)).
query(s(g(k))).
