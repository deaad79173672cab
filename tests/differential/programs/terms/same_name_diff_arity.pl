% Terms: the same functor name with different arities denotes different predicates.
0.2::p.
0.3::p(a).
0.4::p(a, b).
q :- p, p(a).
r :- p(a, b), \+ p.
query(q). query(r). query(p(a, b)).
