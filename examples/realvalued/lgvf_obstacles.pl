% LGVF case study "obstacles": generated 2-D points must avoid three discs.

outside(P, Centre, Radius) :- dist(P, Centre) >= Radius.

feasible(P) :-
    outside(P, [0.0, 0.0], 0.5),
    outside(P, [1.0, 1.0], 0.4),
    outside(P, [-1.0, -1.0], 0.4).

query(feasible(X)).
