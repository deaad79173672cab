% Probabilistic facts: a non-ground probabilistic fact grounded through a domain.
0.4::lucky(_).
player(p1). player(p2).
two_lucky :- player(X), player(Y), X \== Y, lucky(X), lucky(Y).
query(two_lucky). query(lucky(p1)).
