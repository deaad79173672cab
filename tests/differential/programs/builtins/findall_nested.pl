% findall/3 over a probabilistic AD, with the list length as the result.
0.3::c(1, r); 0.7::c(1, g).
0.6::c(2, r); 0.4::c(2, g).
reds(N) :- findall(I, c(I, r), L), length(L, N).
query(reds(0)). query(reds(1)). query(reds(2)).
