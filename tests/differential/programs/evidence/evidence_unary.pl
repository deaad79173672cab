% evidence/1: evidence(A) is evidence(A, true).
0.5::a. 0.5::b.
c :- a. c :- b.
evidence(c).
query(a).
