% Rules: a chain of rules a -> b -> c -> d with a probabilistic root.
0.35::a.
b :- a.
c :- b.
d :- c.
query(d).
