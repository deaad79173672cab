% An annotated disjunction of facts asked with its value open, under evidence on one
% option and on a rule that uses the value in arithmetic.
0.3::p(1); 0.4::p(2); 0.1::p(3).
big :- p(X), X > 1.
evidence(p(2), false).
query(p(X)).
query(big).
