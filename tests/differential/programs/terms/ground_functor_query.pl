% Terms: queries whose arguments are compound terms with numbers inside.
0.5::at(pos(1, 2)).
0.25::at(pos(2, 1)).
moved :- at(pos(X, Y)), X < Y.
query(at(pos(1, 2))). query(moved).
