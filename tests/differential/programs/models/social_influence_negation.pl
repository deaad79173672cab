% Classic model: influence spreading except to immune people (negation of a probabilistic fact).
person(a). person(b). person(c).
0.2::immune(X) :- person(X).
0.5::seed(a).
0.6::contact(a, b). 0.6::contact(b, c). 0.6::contact(c, a).
ill(X) :- seed(X), \+ immune(X).
ill(Y) :- contact(X, Y), ill(X), \+ immune(Y).
query(ill(b)). query(ill(c)).
