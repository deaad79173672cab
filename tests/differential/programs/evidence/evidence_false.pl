% evidence/2: conditioning on a negative observation.
0.1::burglary. 0.2::earthquake.
0.9::alarm :- burglary.
0.4::alarm :- earthquake.
evidence(alarm, false).
query(burglary). query(earthquake).
