% once/1 around a probabilistic goal behaves like the goal for a ground atom.
0.4::a.
0.3::b(1). 0.5::b(2).
q :- once(a).
r :- once(b(_)).
query(q). query(r).
