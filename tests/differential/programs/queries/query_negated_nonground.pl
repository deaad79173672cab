% query/1 of a negated non-ground literal: one answer \+p(t) per instance; none -> \+q(X2) is 1.
p(1).
0.5::p(X) :- X = 2.
0.3::p(3).
q(3) :- fail.
query(\+ p(_)).
query(\+ q(_)).
