% Recursion: a positive cycle whose entry uses negation of a lower stratum.
0.3::block. 0.6::go.
p :- go, \+ block.
p :- q.
q :- p.
q :- \+ go.
query(p). query(q).
