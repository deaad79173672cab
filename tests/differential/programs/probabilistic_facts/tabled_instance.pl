% Probabilistic facts: each ground instance is a separate independent choice.
0.5::coin(N) :- between(1, 3, N).
all_heads :- coin(1), coin(2), coin(3).
some_heads :- between(1, 3, N), coin(N).
query(all_heads). query(some_heads).
