% Arithmetic: is/2 with a bound left side acts as a test.
0.5::n(3). 0.5::n(4).
six :- n(X), 6 is X * 2.
query(six).
