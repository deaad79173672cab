% Rules: bodies with `true` and `fail`.
0.5::a.
b :- true, a.
c :- a, fail.
query(b). query(c).
