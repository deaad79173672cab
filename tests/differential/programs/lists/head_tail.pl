% Lists: [H|T] patterns in rule heads and bodies.
first([H|_], H).
rest([_|T], T).
0.5::l([a, b, c]).
0.5::l([d]).
starts_a :- l(L), first(L, a).
single :- l(L), rest(L, []).
query(starts_a). query(single).
