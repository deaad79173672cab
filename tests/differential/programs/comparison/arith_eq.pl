% Comparison: =:= and =\= compare evaluated expressions.
0.5::n(2). 0.5::n(3).
e :- n(X), X * 2 =:= 6.
ne :- n(X), X + 1 =\= 3.
query(e). query(ne).
