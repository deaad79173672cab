% evidence/2: several false observations of a probabilistic rule's heads.
0.5::src.
0.7::sig(X) :- src, between(1, 3, X).
evidence(sig(1), false).
evidence(sig(2), false).
query(src). query(sig(3)).
