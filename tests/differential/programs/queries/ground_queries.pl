% query/1: several ground queries, including one that cannot be derived (probability 0).
0.5::a.
b :- a.
c :- fail.
query(a). query(b). query(c).
