% query/1 of a negated literal: ProbLog answers query(\+ a) as P(not a) (key '\+a').
0.6::a.
0.5::b.
c :- a, b.
query(\+ a).
query(\+ c).
