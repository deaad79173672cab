% Negation: negated atoms combined with evidence.
0.3::a. 0.6::b.
c :- \+ a, b.
evidence(c, true).
query(a). query(b).
