% Classic model: digit addition with evidence on the sum, inferring the first digit.
0.4::d(x, 0); 0.3::d(x, 1); 0.3::d(x, 2).
0.2::d(y, 0); 0.5::d(y, 1); 0.3::d(y, 2).
sum(S) :- d(x, A), d(y, B), S is A + B.
evidence(sum(2), true).
query(d(x, 0)). query(d(x, 1)). query(d(x, 2)).
