% Classic model: an HMM-like chain of hidden states with noisy observations.
0.5::state(0, rain); 0.5::state(0, sun).
0.7::state(T1, rain); 0.3::state(T1, sun) :- state(T, rain), T < 3, T1 is T + 1.
0.2::state(T1, rain); 0.8::state(T1, sun) :- state(T, sun), T < 3, T1 is T + 1.
0.9::umbrella(T) :- state(T, rain).
0.1::umbrella(T) :- state(T, sun).
evidence(umbrella(1), true).
evidence(umbrella(2), true).
query(state(2, rain)). query(state(3, rain)). query(state(0, sun)).
