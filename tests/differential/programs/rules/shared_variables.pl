% Rules: body atoms sharing variables join on them.
0.5::likes(ann, tea). 0.4::likes(bob, tea). 0.3::likes(ann, coffee).
same(X, Y) :- likes(X, D), likes(Y, D), X \== Y.
query(same(ann, bob)). query(same(bob, ann)).
