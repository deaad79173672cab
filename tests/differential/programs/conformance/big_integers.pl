% Unbounded integers in is/2, as ProbLog (Python) computes them.
r(Y) :- X is 10**5000, Y is X // 10**4998.
s(Y) :- X is 2**200 + 1, Y is X mod 1000.
t :- X is 10**5000, X > 10**4999.
query(r(_)). query(s(_)). query(t).
