% length/2 with an unbound list: enumerating lengths up to a bound.
ok(N) :- between(0, 2, N), length(L, N), L = L.
0.5::pick(N) :- ok(N).
query(pick(_)).
