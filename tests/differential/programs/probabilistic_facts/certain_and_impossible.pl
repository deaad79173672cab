% Probabilistic facts: probabilities 1.0 and 0.0 on facts.
1.0::on.
0.0::off.
a :- on.
b :- off.
c :- on, \+ off.
query(a). query(b). query(c).
