% Recursion: a cycle with no external support is false (not self-justifying).
p :- q.
q :- p.
0.5::r.
s :- p.
s :- r.
query(p). query(s).
