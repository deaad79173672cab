% Arithmetic: an accumulator summing probabilistic choices of three dice-like ADs.
k(1). k(2). k(3).
0.5::pick(K, 0); 0.5::pick(K, 1) :- k(K).
acc([], 0).
acc([K|Ks], S) :- pick(K, V), acc(Ks, S0), S is S0 + V.
query(acc([1, 2, 3], 2)). query(acc([1, 2, 3], 0)).
