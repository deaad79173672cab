% query/1: a query with a repeated variable, p(X, X).
0.5::p(a, a). 0.5::p(a, b). 0.4::p(b, b).
query(p(X, X)).
