% Facts: a deterministic fact stated twice, and a probabilistic fact stated twice (independent).
a.
a.
0.5::b.
0.5::b.
query(a). query(b).
