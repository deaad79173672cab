% LGVF case study "ring": generated 2-D points must lie in the annulus 1 =< |P| =< 2.

constant(centre, [0.0, 0.0]).

feasible(P) :- dist(P, centre) >= 1.0, dist(P, centre) =< 2.0.

query(feasible(X)).
