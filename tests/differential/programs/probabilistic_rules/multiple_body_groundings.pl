% Probabilistic rules: one probabilistic rule with two body groundings for the same head
% (each grounding of the body variables is an independent choice).
link(a, x). link(a, y).
0.5::hit(A) :- link(A, _).
query(hit(a)).
