% Classic model: two coins of unknown bias type (AD), observing three tosses.
0.5::type(fair); 0.5::type(biased).
0.5::heads(T) :- type(fair), between(1, 3, T).
0.9::heads(T) :- type(biased), between(1, 3, T).
evidence(heads(1), true).
evidence(heads(2), true).
evidence(heads(3), false).
query(type(biased)).
