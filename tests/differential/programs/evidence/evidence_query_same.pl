% evidence/2: querying the evidence atom itself gives 1.
0.4::a. 0.3::b.
c :- a. c :- b.
evidence(c, true).
query(c). query(a).
