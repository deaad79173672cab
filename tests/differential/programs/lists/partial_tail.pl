% Lists: a list written [a, b | [c]] equals [a, b, c].
0.7::sequence([a, b | [c]]).
q :- sequence([a, b, c]).
r :- sequence([_, _|T]), T = [c].
query(q). query(r).
