% Annotated disjunctions: a ten-way AD (like a digit classifier) and a derived parity.
0.1::d(0); 0.1::d(1); 0.1::d(2); 0.1::d(3); 0.1::d(4); 0.1::d(5); 0.1::d(6); 0.1::d(7); 0.05::d(8); 0.15::d(9).
even :- d(X), X mod 2 =:= 0.
big :- d(X), X > 6.
evidence(big, true).
query(even). query(d(9)).
