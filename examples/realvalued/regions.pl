% Feasible regions of 2-D points as real-valued constraints (the shapes of LGVF's case
% studies): a half-plane, a ring, and the outside of two circular obstacles.
%
% Each query is an open formula over the batch X: module.degrees(X=points) gives one
% degree per point; forall(P:points, in_ring(P)) would give one degree for a batch.

constant(centre, [0.0, 0.0]).
constant(obstacle1, [0.5, 0.5]).
constant(obstacle2, [-0.5, -0.25]).

below_line(P) :- at(P, 0) + at(P, 1) =< 1.0.
in_ring(P) :- dist(P, centre) >= 1.0, dist(P, centre) =< 2.0.
clear(P) :- dist(P, obstacle1) >= 0.3, dist(P, obstacle2) >= 0.4.

query(below_line(X)).
query(in_ring(X)).
query(clear(X)).
