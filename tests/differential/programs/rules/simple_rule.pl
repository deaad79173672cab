% Rules: a rule with a conjunctive body over probabilistic facts.
0.6::a. 0.7::b.
c :- a, b.
query(c).
