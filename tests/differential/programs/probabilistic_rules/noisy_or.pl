% Probabilistic rules: two noisy causes of one effect.
0.6::cold. 0.1::flu.
0.3::fever :- cold.
0.9::fever :- flu.
query(fever).
