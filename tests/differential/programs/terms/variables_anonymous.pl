% Terms: anonymous variables `_` and named singleton variables in rule bodies.
0.4::edge(a, b). 0.5::edge(a, c). 0.7::edge(d, a).
has_out(X) :- edge(X, _).
has_in(Y) :- edge(_Src, Y).
query(has_out(a)). query(has_in(a)). query(has_out(d)). query(has_in(c)).
