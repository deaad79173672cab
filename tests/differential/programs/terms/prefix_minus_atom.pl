% Terms: prefix minus applied to an atom inside a fact; printed -a (ProbLog and ISO writeq).
0.3::t(- a).
0.4::t(f(- b)).
query(t(_)).
