% Classic model: viral marketing with trust edges forming a cycle.
0.5::buys(X) :- targeted(X).
targeted(ann).
0.4::trusts(bob, ann). 0.5::trusts(carl, bob). 0.3::trusts(ann, carl).
buys(Y) :- trusts(Y, X), buys(X).
query(buys(bob)). query(buys(carl)).
