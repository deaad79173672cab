% Facts: a table of probabilistic facts queried with a non-ground query.
0.1::f(1). 0.2::f(2). 0.3::f(3). 0.4::f(4). 0.5::f(5).
0.6::f(6). 0.7::f(7). 0.8::f(8). 0.9::f(9).
query(f(_)).
