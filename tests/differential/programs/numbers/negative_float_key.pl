% Numbers: a negative float in an answer key.
0.4::t(-1.5).
query(t(-1.5)).
