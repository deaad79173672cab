% Classic model: probabilistic rules with shared variables (who gets infected by whom).
person(a). person(b). person(c).
contact(a, b). contact(b, c). contact(a, c).
0.1::initial(X) :- person(X).
0.6::transmit(X, Y) :- contact(X, Y).
infected(X) :- initial(X).
infected(Y) :- contact(X, Y), infected(X), transmit(X, Y).
query(infected(c)). query(infected(b)).
