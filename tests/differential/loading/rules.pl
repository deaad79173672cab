% Consulted by consult_main.pl and by parts/coins.pl.
two :- heads(c1), heads(c2).
query(two).
evidence(heads(c3), true).
