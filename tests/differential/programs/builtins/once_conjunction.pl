% once/1 of a probabilistic goal followed by a test on its binding; and once/1 inside \+.
0.3::b(1). 0.5::b(2). 0.2::b(3).
big :- once(b(X)), X > 1.
none :- \+ once(b(_)).
query(big). query(none).
