% findall/3 over an atom with two probabilistic proofs: each proof is an element of its own.
0.3::a. 0.4::b.
t(1) :- a.
t(1) :- b.
0.5::f(1). 0.5::f(1).
rt(L) :- findall(X, t(X), L).
rf(L) :- findall(X, f(X), L).
query(rt(_)). query(rf(_)).
