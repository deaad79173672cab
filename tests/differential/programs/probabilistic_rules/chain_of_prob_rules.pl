% Probabilistic rules: a chain of probabilistic rules multiplies probabilities.
0.9::a.
0.8::b :- a.
0.7::c :- b.
0.6::d :- c.
query(d). query(c).
