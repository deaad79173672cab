% Negation: \+ over a probabilistic fact.
0.3::rain.
dry :- \+ rain.
query(dry).
