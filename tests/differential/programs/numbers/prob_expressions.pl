% Numbers: probabilities given as arithmetic expressions (1/6, 1-0.3, 0.5*0.5).
1/6::six.
1-0.3::mostly.
0.5*0.5::quarter.
2/3::two_thirds.
q :- six, mostly.
query(six). query(mostly). query(quarter). query(q). query(two_thirds).
