% Negation: the not/1 form next to \+.
0.4::a.
b :- not(a).
c :- \+ a.
query(b). query(c).
