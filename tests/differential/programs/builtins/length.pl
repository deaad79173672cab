% length/2: lengths of probabilistic lists.
0.3::lst([a, b]). 0.6::lst([a, b, c]).
len3 :- lst(L), length(L, 3).
len2 :- lst(L), length(L, N), N =:= 2.
query(len3). query(len2).
