% evidence/1: evidence(\+ A) is evidence(A, false).
0.5::a. 0.5::b.
c :- a. c :- b.
evidence(\+ a).
query(c).
