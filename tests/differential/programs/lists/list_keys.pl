% Lists: lists and nested compound terms inside answer keys.
0.5::route([a, f(b), [c, d]]).
0.4::route([]).
query(route(_)).
