% Arithmetic: // rounds toward negative infinity in ProbLog; mod has the divisor's sign.
0.5::n(-7).
d(Q) :- n(X), Q is X // 2.
m(R) :- n(X), R is X mod 2.
query(d(_)). query(m(_)).
