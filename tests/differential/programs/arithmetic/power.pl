% Arithmetic: ** exponentiation with integer and float bases.
0.5::b(2). 0.5::b(3).
sq(Y) :- b(X), Y is X ** 2.
query(sq(4)). query(sq(9)).
