% Rules: several clauses for one head combine as a noisy-or.
0.2::x. 0.3::y. 0.4::z.
h :- x.
h :- y.
h :- z.
query(h).
