% LGVF case study "linear": generated 2-D points must lie in the half-plane x + y =< 1.
% `cortexlog experiment lgvf --case linear` compiles this file: under product (logistic)
% for the logic loss and the sampling correction, under lukasiewicz (degree 1 exactly
% where the constraint holds) to count violations.

feasible(P) :- at(P, 0) + at(P, 1) =< 1.0.

query(feasible(X)).
