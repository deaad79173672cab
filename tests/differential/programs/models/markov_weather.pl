% Classic model: a two-state Markov chain for three steps, no evidence.
0.6::w(0, sun); 0.4::w(0, rain).
0.8::w(T1, sun); 0.2::w(T1, rain) :- between(0, 2, T), w(T, sun), T1 is T + 1.
0.4::w(T1, sun); 0.6::w(T1, rain) :- between(0, 2, T), w(T, rain), T1 is T + 1.
query(w(3, sun)). query(w(2, rain)).
