% A query whose answer keeps a variable and is probabilistic: ProbLog reports a
% non-ground query, cortexlog a non-ground answer.
0.4::c.
r(X) :- c, X = g(_).
query(r(_)).
