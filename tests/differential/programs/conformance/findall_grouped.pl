% Three findall calls, each over solutions that share one probabilistic fact.
likes(ann, jazz). likes(bob, jazz). likes(cid, rock). likes(ann, rock). likes(dan, folk).
0.2::plays(jazz, fri).
0.45::plays(rock, sat).
0.6::plays(folk, sun).
goes(P, G, D) :- plays(G, D), likes(P, G).
crowd(G, D, Ps) :- findall(P, goes(P, G, D), Ps).
query(crowd(G, D, Ps)) :- plays(G, D).
