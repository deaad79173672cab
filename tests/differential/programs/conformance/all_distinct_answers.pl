% all/3: distinct answers (probabilistic duplicates merged), no result list when empty.
0.3::p(a). 0.2::p(b). 0.4::p(a). 0.5::p(c).
r(x). r(y). r(x).
q(L) :- all(X, p(X), L).
s(L) :- all(X, r(X), L).
t(L) :- all(X, fail_here(X), L).
fail_here(_) :- fail.
u(L) :- all(X-Y, (r(X), r(Y)), L).
query(q(_)). query(s(_)). query(t(_)). query(u(_)).
