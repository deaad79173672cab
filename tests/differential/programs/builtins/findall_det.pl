% findall/3: collecting deterministic solutions.
item(3). item(1). item(2).
0.5::count_ok :- findall(X, item(X), L), length(L, 3).
list(L) :- findall(X, item(X), L).
query(count_ok). query(list([3, 1, 2])).
