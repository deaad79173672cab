% Arithmetic: float arithmetic then comparison (no float keys in queries).
0.5::t(0.5). 0.5::t(1.5).
big :- t(X), Y is X * 3.0, Y > 4.0.
small :- t(X), Y is X + 0.25, Y < 1.
query(big). query(small).
