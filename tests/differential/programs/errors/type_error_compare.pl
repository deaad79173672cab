% Errors: comparing an atom with a number in arithmetic.
0.5::v(abc).
p :- v(X), X > 3.
query(p).
