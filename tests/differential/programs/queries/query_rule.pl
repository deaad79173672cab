% query/1: queries produced by a rule for query/1.
node(a). node(b). node(c).
0.3::mark(X) :- node(X).
query(mark(X)) :- node(X), X \== b.
