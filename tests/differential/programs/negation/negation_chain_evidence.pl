% Negation: three negation strata with evidence on the top.
0.6::a. 0.3::b.
c :- \+ a.
d :- \+ c, b.
e :- \+ d.
evidence(e, true).
query(a). query(b). query(c).
