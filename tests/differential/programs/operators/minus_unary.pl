% Operators: unary minus in arithmetic.
0.5::n(3).
neg(Y) :- n(X), Y is -X.
neg2(Y) :- n(X), Y is 0 - X * 2.
query(neg(-3)). query(neg2(-6)).
