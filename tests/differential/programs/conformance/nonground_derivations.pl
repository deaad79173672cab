% Probabilistic answers that keep a variable (p(X, _) :- a(X).): the answer p(1, _) holds
% for every second argument, and callers bind it as they need.
0.4::a(1).
0.7::a(2).
0.6::b(2).
p(X, _) :- a(X).
p(_, Y) :- b(Y).
q :- p(1, _).
r(Y) :- p(1, Y), Y = 2.
s(X, Y) :- p(X, Y), X = 1, Y = 2.
query(q).
query(r(2)).
query(s(1, 2)).
c(X, Y) :- p(X, Y), \+ p(2, Y).
query(c(1, 2)).
