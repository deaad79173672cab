% Negation: \+ \+ A behaves like A for ground A.
0.35::a.
b :- \+ \+ a.
query(b).
