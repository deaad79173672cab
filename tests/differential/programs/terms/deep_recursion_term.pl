% Terms: Peano numerals s(s(z)) built by recursion, with a probabilistic base.
0.5::base.
nat(z) :- base.
nat(s(X)) :- nat(X), small(X).
small(z). small(s(z)).
query(nat(s(s(z)))). query(nat(s(z))).
