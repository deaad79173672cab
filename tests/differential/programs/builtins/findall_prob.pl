% findall/3 over probabilistic facts: the collected list depends on the world.
0.5::a(1). 0.5::a(2).
p(L) :- findall(X, a(X), L).
query(p([])). query(p([1])). query(p([1, 2])).
