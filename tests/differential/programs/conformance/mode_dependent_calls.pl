% A predicate that tests instantiation (==/2, var/1) called with a free variable and
% ground: each non-ground call's answers are its own atoms, as in ProbLog, so the ground
% call fill(unknown) (true) does not make the call fill(_) true.
0.1::p1.
0.8::p2.
p(A) :- p1, A = unknown.
fill(A) :- A == unknown.
fill(A) :- p(A), fill(A).
q :- fill(_).
r(A, B) :- p1, A = unknown.
r(A, B) :- p2, B = unknown.
both(A, B) :- A == unknown, B == unknown.
both(A, B) :- r(A, B), both(A, B).
s :- both(_, _).
query(q).
query(s).
