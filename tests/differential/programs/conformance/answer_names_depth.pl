% Variables an answer keeps get ProbLog's names: only the queried predicate's own clause
% counts (each call in its body renumbers the context), not how deep the variable was made.
% Two and three levels deep, several variables, a list and nested terms.
c(k(_, V, V)).
b(X) :- c(X).
a(Y) :- b(Y).
two(T) :- b(T).
three(T) :- a(T).
three_then(T, U) :- a(T), U = T.
q(X, [X, Y, Z]) :- Y = Z.
r(A, B) :- q(A, B).
s(L) :- r(_, L).
n(d(_), e(f(_, g(_)))).
m(X, Y) :- n(X, Y).
nested(A, B, C) :- m(A, B), C = c.
query(two(_)).
query(three(_)).
query(three_then(_, _)).
query(r(_, _)).
query(s(_)).
query(nested(_, _, _)).
