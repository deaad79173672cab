% Numbers: probability bound from data in the body (P::h(X) :- w(X, P)).
w(a, 0.1). w(b, 0.35). w(c, 0.9).
P::h(X) :- w(X, P).
any :- h(_).
query(h(a)). query(h(b)). query(h(c)). query(any).
