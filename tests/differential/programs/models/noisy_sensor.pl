% Classic model: a noisy sensor read twice with evidence, inferring the true state.
0.2::fault.
0.95::reading(R) :- between(1, 2, R), fault.
0.05::reading(R) :- between(1, 2, R), \+ fault.
evidence(reading(1), true).
evidence(reading(2), true).
query(fault).
