% Unification: = binds variables, \= fails when terms unify.
0.5::t(f(a)). 0.5::t(g(b)).
is_f :- t(X), X = f(_).
not_g :- t(X), X \= g(_).
query(is_f). query(not_g).
