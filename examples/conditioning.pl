% Conditioning on evidence: P(double | the sum is at least 10) for two fair dice.
1/6::die(D, 1); 1/6::die(D, 2); 1/6::die(D, 3);
1/6::die(D, 4); 1/6::die(D, 5); 1/6::die(D, 6) :- dice(D).
dice(first). dice(second).

high :- die(first, A), die(second, B), A + B >= 10.
double :- die(first, X), die(second, X).

evidence(high).          % same as evidence(high, true)
evidence(double, true).
query(die(first, _)).
