% evidence/2: evidence directly on a probabilistic fact makes it certain.
0.3::a. 0.6::b.
c :- a. c :- b.
evidence(a, true).
query(a). query(c). query(b).
