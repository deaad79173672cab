% evidence/2: evidence stated through a rule for evidence/2.
0.3::sick(ann). 0.3::sick(bob).
0.6::cough(X) :- sick(X).
observed(ann, true). observed(bob, false).
evidence(cough(X), V) :- observed(X, V).
query(sick(ann)). query(sick(bob)).
