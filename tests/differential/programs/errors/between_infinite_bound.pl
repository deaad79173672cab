% between/3 takes integer bounds only; ProbLog rejects `inf` at once.
q :- between(1, inf, X), X > 3.
query(q).
