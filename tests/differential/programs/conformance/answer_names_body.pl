% Variables an answer keeps, as ProbLog names them: each call of the clause's body (a
% builtin too, and each `true`) renumbers; a negation or a disjunction's branch does not.
% Different numberings of one answer are separate answers (the three p/1 clauses).
:- use_module(library(lists)).
a.
p(X) :- X = f(_).
p(X) :- X = f(_), true.
p(X) :- true, X = f(_).
unbound(X, Y) :- \+ fail.
either(X) :- (a ; fail), X = f(_).
split(X, Y, Z) :- X = [A, B | T], Y = n(A, m(B)), Z = T.
lists(L) :- length(L, 3), L = [a | _].
collected(X) :- findall(Y, member(Y, [1, 2]), L), X = f(L, _).
query(p(_)).
query(unbound(_, _)).
query(either(_)).
query(split(_, _, _)).
query(lists(_)).
query(collected(_)).
