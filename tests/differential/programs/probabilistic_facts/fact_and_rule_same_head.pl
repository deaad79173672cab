% Probabilistic facts: a probabilistic fact and a rule for the same atom combine as noisy-or.
0.2::wet.
0.5::rain.
wet :- rain.
query(wet).
