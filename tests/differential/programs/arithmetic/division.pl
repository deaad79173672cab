% Arithmetic: / (float result), // (integer division) and mod.
0.5::n(7). 0.5::n(8).
half(H) :- n(X), H is X // 2.
rem2(R) :- n(X), R is X mod 2.
real(F) :- n(X), F is X / 2.
query(half(3)). query(half(4)). query(rem2(1)). query(real(3.5)). query(real(4.0)).
