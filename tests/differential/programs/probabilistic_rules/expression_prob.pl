% Probabilistic rules: rule probability given as an expression.
0.5::cloudy.
1/3::rain :- cloudy.
1-0.9::rain :- \+ cloudy.
query(rain).
