% Recursion: counting down with arithmetic and a probabilistic stop.
0.9::cont(N) :- between(1, 4, N).
alive(0).
alive(N) :- alive(M), M < 4, N is M + 1, cont(N).
query(alive(4)). query(alive(2)).
