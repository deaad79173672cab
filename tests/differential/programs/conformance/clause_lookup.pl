% clause/2 and clause/3 read the program's clauses: a fact's body is true, a
% deterministic clause's probability is 1.0, and calling a body found by clause/2
% proves what the clause proves (with its probability).
a :- b.
0.5::b.
h(1). h(2).
c(X) :- h(X), X > 1.
b_body(X, P) :- clause(X, b, P).
a_body(X, P) :- clause(a, X, P).
h_fact(X) :- clause(h(X), true).
c_ok :- clause(c(7), (h(7), 7 > 1)).
run :- clause(a, B), call(B).
query(b_body(_, _)).
query(a_body(_, _)).
query(h_fact(_)).
query(c_ok).
query(run).
