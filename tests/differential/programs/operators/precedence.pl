% Operators: precedence and associativity of + and * when evaluating.
v(A) :- A is 2 + 3 * 4.
v(B) :- B is (2 + 3) * 4.
v(C) :- C is 10 - 4 - 3.
0.5::pick(X) :- v(X).
query(pick(14)). query(pick(20)). query(pick(3)).
