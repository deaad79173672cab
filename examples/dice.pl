% Two fair dice, written as annotated disjunctions (exactly one face per die).
% Try:  cortexlog query examples/dice.pl
1/6::die(D, 1); 1/6::die(D, 2); 1/6::die(D, 3);
1/6::die(D, 4); 1/6::die(D, 5); 1/6::die(D, 6) :- dice(D).

dice(first).
dice(second).

% The sum of the two dice, with infix arithmetic.
sum(S) :- die(first, A), die(second, B), S is A + B.

% Doubles: both dice show the same face.
double :- die(first, X), die(second, X).

query(sum(7)).
query(sum(12)).
query(double).
