% A predicate with only a negative head literal and no positive clause: ProbLog finds
% no clauses for a_p/0 (its rewrite), cortexlog reports the same unknown predicate.
0.5::b.
0.5::\+a :- b.
query(b).
query(a).
