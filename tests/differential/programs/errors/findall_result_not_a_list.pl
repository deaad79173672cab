% findall/3's third argument must be unbound or a list; ProbLog rejects other terms.
0.5::item(1). 0.5::item(2).
bag(B) :- findall(X, item(X), B).
query(bag(box)).
