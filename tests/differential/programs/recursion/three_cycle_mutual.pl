% Recursion: three predicates calling each other in a cycle with probabilistic support.
0.2::sx. 0.3::sy. 0.4::sz.
0.9::x :- z.
0.8::y :- x.
0.7::z :- y.
x :- sx. y :- sy. z :- sz.
query(x). query(y). query(z).
