% evidence/1: evidence on a derived negated atom.
0.4::a. 0.7::b.
na :- \+ a.
c :- a. c :- b.
evidence(na).
query(c).
