% Annotated disjunctions: an AD head that is also a probabilistic fact elsewhere.
0.5::x; 0.5::y.
0.4::x.
query(x). query(y).
