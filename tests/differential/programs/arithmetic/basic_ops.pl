% Arithmetic: is/2 with + - * and integer results.
0.5::n(4). 0.5::n(7).
r(plus, V) :- n(X), V is X + 3.
r(minus, V) :- n(X), V is X - 10.
r(times, V) :- n(X), V is X * X.
query(r(plus, 7)). query(r(minus, -3)). query(r(times, 49)).
