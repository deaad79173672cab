% Arithmetic: min/2, max/2, abs/1.
0.5::v(-3). 0.5::v(5).
lo(M) :- v(X), M is min(X, 0).
hi(M) :- v(X), M is max(X, 0).
mag(M) :- v(X), M is abs(X).
query(lo(-3)). query(hi(5)). query(mag(3)). query(mag(5)).
