% Facts: the same predicate with deterministic and probabilistic clauses.
color(sky, blue).
0.3::color(sky, grey).
0.8::color(grass, green).
grey_sky :- color(sky, grey).
query(color(sky, blue)). query(grey_sky). query(color(grass, green)).
