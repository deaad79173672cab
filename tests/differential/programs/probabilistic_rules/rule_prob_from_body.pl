% Probabilistic rules: rule probability taken from a variable bound by the body.
strength(low, 0.2). strength(high, 0.9).
0.5::level(low). 0.5::level(high).
P::alarm(L) :- level(L), strength(L, P).
ring :- alarm(_).
query(ring). query(alarm(high)).
