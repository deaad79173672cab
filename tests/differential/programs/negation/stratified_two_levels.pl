% Negation: two strata of negation.
0.4::a. 0.5::b.
c :- a, \+ b.
d :- \+ c.
query(c). query(d).
