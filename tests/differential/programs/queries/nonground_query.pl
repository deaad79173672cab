% query/1: a non-ground query returns every derivable ground instance.
0.5::edge(1, 2). 0.6::edge(2, 3). 0.7::edge(1, 3).
query(edge(1, _)).
query(edge(_, 3)).
