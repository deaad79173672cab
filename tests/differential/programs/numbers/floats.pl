% Numbers: float constants and comparing floats with integers.
0.6::w(1.5). 0.2::w(2.0). 0.7::w(0.25).
heavy :- w(X), X >= 2.
light :- w(X), X < 1.
query(heavy). query(light). query(w(1.5)).
