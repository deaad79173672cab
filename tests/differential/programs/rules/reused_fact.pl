% Rules: the same probabilistic fact used by two rules (dependence, not independence).
0.5::a. 0.5::b.
x :- a, b.
y :- a.
z :- x, y.
query(z). query(x).
