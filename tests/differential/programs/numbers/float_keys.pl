% Numbers: float values in answer keys (3.0, 2.5, 0.1) as ProbLog prints them.
0.5::v(5).
half(H) :- v(X), H is X / 2.
exact(F) :- v(X), F is X / 5.
tenth(T) :- v(_), T = 0.1.
query(half(2.5)). query(exact(1.0)). query(tenth(0.1)).
