% evidence/2: several observations at once, true and false.
0.3::a. 0.4::b. 0.5::c.
x :- a, b.
y :- b.
y :- c.
evidence(y, true).
evidence(x, false).
query(a). query(b). query(c).
