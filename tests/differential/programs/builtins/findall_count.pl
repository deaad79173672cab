% findall/3 + length/2: the number of true probabilistic facts.
0.2::on(1). 0.5::on(2). 0.7::on(3).
n(N) :- findall(X, on(X), L), length(L, N).
query(n(0)). query(n(1)). query(n(2)). query(n(3)).
