% Lists: nested lists as terms, matched with [[H|_]|_].
0.5::grid([[1, 2], [3, 4]]).
0.2::grid([[5], [6]]).
corner(C) :- grid([[C|_]|_]).
query(corner(1)). query(corner(5)). query(grid([[5], [6]])).
