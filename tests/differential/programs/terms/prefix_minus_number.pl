% Terms: `- 1` and `- (1)` read as the number -1 (as in ProbLog), `-(1)` stays a compound term.
0.3::t(- 1).
0.4::t(-(1)).
0.2::t(- (-2)).
neg :- t(X), X == -1.
compound :- t(X), X \== -1, X = -(_).
two :- t(2).
query(t(_)). query(neg). query(compound). query(two).
