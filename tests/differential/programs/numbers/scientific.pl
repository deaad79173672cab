% Numbers: a probability written in scientific notation, and large integers.
1.0e-1::tiny.
0.5::big(1000000).
q :- tiny, big(N), N > 999999.
query(q). query(tiny).
