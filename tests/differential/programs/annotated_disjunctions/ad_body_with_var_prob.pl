% Annotated disjunctions: AD probabilities computed in the body.
bias(c1, 0.25).
P::side(C, h); Q::side(C, t) :- bias(C, P), Q is 1 - P.
query(side(c1, h)). query(side(c1, t)).
