% Every answer ruled out: the query is printed once with its variables and probability 0;
% an answer supported only through a cycle is ruled out too.
0.4::link(a, b). 0.7::link(b, c). 0.5::link(c, b). 0.2::link(c, a).
reach(X, Y) :- link(X, Y).
reach(X, Y) :- link(X, Z), reach(Z, Y).
evidence(link(a, b), false).
query(reach(a, _)). query(reach(c, _)).
