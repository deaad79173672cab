% Classic model: rock-paper-scissors between two biased players.
0.5::move(p1, rock); 0.3::move(p1, paper); 0.2::move(p1, scissors).
0.2::move(p2, rock); 0.2::move(p2, paper); 0.6::move(p2, scissors).
beats(rock, scissors). beats(scissors, paper). beats(paper, rock).
wins(P, Q) :- move(P, A), move(Q, B), beats(A, B).
draw :- move(p1, X), move(p2, X).
query(wins(p1, p2)). query(wins(p2, p1)). query(draw).
