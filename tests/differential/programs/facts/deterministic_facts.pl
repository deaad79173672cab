% Facts: deterministic facts have probability 1; missing ones have probability 0.
parent(ann, bob).
parent(bob, carl).
grandparent(X, Z) :- parent(X, Y), parent(Y, Z).
query(grandparent(ann, carl)). query(grandparent(bob, ann)).
