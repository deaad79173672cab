% Probabilistic rules: a probabilistic rule whose body is deterministically true.
ready.
0.35::go :- ready.
0.5::go :- ready.
query(go).
