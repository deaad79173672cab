% Pearl's burglary alarm, the classic Bayesian network in ProbLog form.
0.7::burglary.
0.2::earthquake.

% Probabilistic rules: each is an independent noisy cause of the alarm.
0.9::alarm :- burglary, earthquake.
0.8::alarm :- burglary, \+ earthquake.
0.1::alarm :- \+ burglary, earthquake.

% Neighbours call when they hear the alarm.
person(john).
person(mary).
0.8::calls(X) :- alarm, person(X).
0.1::calls(X) :- \+ alarm, person(X).

% What we observed, and what we ask.
evidence(calls(john), true).
evidence(calls(mary), true).
query(burglary).
query(earthquake).
