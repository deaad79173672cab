% Negation: \+ with bound variables inside rules.
node(1). node(2). node(3).
0.5::red(X) :- node(X).
not_red(X) :- node(X), \+ red(X).
all_red :- \+ not_red(_).
query(not_red(2)). query(all_red).
