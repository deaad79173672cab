% between/3: generating integers in a range.
0.5::hit(X) :- between(1, 4, X).
count_ge3 :- between(3, 4, X), hit(X).
query(hit(2)). query(count_ge3).
