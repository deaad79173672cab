% Python-defined builtins (python_lib.py) inside probabilistic rules.
:- use_module('python_lib.py').

0.4::coin(1). 0.7::coin(2). 0.2::coin(3).
name(ann). name(bob).

tag(T) :- name(A), name(B), A \== B, joined(A, B, T).
split(Q, R) :- coin(X), divmod2(7, X, Q, R).
small(Y) :- coin(X), below(X, Y).
next(X, Y) :- coin(X), pairs(X, Y).
prev(Y) :- pairs(X, 3), coin(X), Y = X.
rev(L) :- reversed_list([a, 1, 2.5, f(x)], L).
h(H) :- half(3.0, H).
never :- divmod2(7, 2, 3, 2).

query(tag(_)).
query(split(_, _)).
query(small(_)).
query(next(_, _)).
query(prev(_)).
query(rev(_)).
query(h(_)).
query(never).
query(divmod2(7, 2, Q, R)).
