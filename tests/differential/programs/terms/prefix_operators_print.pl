% Terms: prefix -, \ in operator notation print as -a, \a; products and calls as -a*b, -f(x).
0.5::t(- a * b).
0.5::t(- f(x)).
0.5::t(\ a).
0.5::t(- [a, b]).
0.5::t(-(a^2)).
0.5::t((-a)^2).
0.5::t(1 - a).
0.5::t(- 'A').
query(t(_)).
