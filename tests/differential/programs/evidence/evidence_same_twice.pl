% evidence/2: the same (consistent) evidence stated twice.
0.3::a. 0.5::b.
c :- a. c :- b.
evidence(c, true).
evidence(c, true).
query(a).
