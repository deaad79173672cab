% findall/3 over a left-recursive predicate: the recursive call ends at the table ([1, 1]).
p(1).
p(X) :- p(Y), X = Y.
item(a, 1). item(b, 2). item(a, 1).
rp(L) :- findall(X, p(X), L).
ri(L) :- findall(X, item(a, X), L).
query(rp(_)). query(ri(_)).
