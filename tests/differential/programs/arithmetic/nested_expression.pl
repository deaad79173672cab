% Arithmetic: nested expressions with parentheses.
0.6::a(2). 0.4::a(5).
f(Y) :- a(X), Y is (X + 1) * (X - 1) - X // 2.
query(f(2)). query(f(22)).
