% query(\+ Q) :- Body asks one negated query per solution of Body (with and without proofs).
0.3::p(1). 0.6::p(2).
q(X) :- p(X).
query(\+ q(X)) :- between(1, 3, X).
