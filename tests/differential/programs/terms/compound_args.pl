% Terms: compound terms nested two levels deep as arguments of probabilistic facts.
0.3::holds(f(a, g(b))).
0.6::holds(f(c, g(d))).
both :- holds(f(a, _)), holds(f(_, g(d))).
query(holds(f(a, g(b)))).
query(holds(f(c, g(d)))).
query(both).
