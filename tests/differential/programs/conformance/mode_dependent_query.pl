% A query with free variables of a predicate that tests instantiation (==/2), whose
% answer is also derived by a ground call: the query call's answer is its own node, as
% in ProbLog (0.08 here, where the ground call both(unknown, unknown) inside is true).
0.1::p1.
0.8::p2.
r(A, B) :- p1, A = unknown.
r(A, B) :- p2, B = unknown.
both(A, B) :- A == unknown, B == unknown.
both(A, B) :- r(A, B), both(A, B).
query(both(_, _)).
