% Friends and smokers: smoking spreads through a cyclic friendship graph.
% Cycles (stress -> smokes -> influences -> smokes) are handled with least-model semantics.
person(ann). person(bob). person(carl). person(dana).

0.3::stress(X) :- person(X).
0.2::influences(X, Y) :- friend(X, Y).

friend(ann, bob). friend(bob, ann). friend(bob, carl).
friend(carl, dana). friend(dana, bob).

smokes(X) :- stress(X).
smokes(X) :- friend(X, Y), influences(Y, X), smokes(Y).

0.4::asthma(X) :- smokes(X).

evidence(smokes(ann), true).
query(smokes(_)).
query(asthma(dana)).
