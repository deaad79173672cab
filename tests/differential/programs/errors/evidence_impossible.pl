% Errors: evidence with probability 0 (inconsistent); ProbLog raises, so must cortexlog.
0.5::a.
b :- a, \+ a.
evidence(b, true).
query(a).
