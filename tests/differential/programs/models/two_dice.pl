% Classic model: the sum of two fair dice written as ADs.
1/6::die(D, 1); 1/6::die(D, 2); 1/6::die(D, 3); 1/6::die(D, 4); 1/6::die(D, 5); 1/6::die(D, 6) :- dice(D).
dice(d1). dice(d2).
sum(S) :- die(d1, A), die(d2, B), S is A + B.
query(sum(2)). query(sum(7)). query(sum(12)).
