% between/3 with evidence: a uniform number and evidence that it is even.
0.2::n(1); 0.2::n(2); 0.2::n(3); 0.2::n(4); 0.2::n(5).
even :- n(X), X mod 2 =:= 0.
low :- n(X), between(1, 2, X).
evidence(even, true).
query(low). query(n(4)).
