% query/1 of a negated literal under evidence: P(not a | c) next to P(a | c).
0.3::a.
0.6::b.
c :- a.
c :- b.
evidence(c).
query(\+ a).
query(a).
query(\+ b).
