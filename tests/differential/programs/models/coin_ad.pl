% Classic model: a coin as an AD and two tosses with the same bias.
0.4::toss(T, h); 0.6::toss(T, t) :- between(1, 2, T).
same :- toss(1, X), toss(2, X).
query(same). query(toss(2, h)).
