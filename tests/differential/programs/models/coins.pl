% Classic model: three biased coins, the number of heads, and evidence of at least one head.
0.5::heads(c1). 0.6::heads(c2). 0.3::heads(c3).
some :- heads(_).
twohead :- heads(X), heads(Y), X @< Y.
evidence(some, true).
query(heads(c1)). query(twohead).
