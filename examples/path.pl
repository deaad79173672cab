% Probabilistic reachability over a cyclic graph: every edge is present independently.
:- use_module(library(lists)).

0.6::edge(a, b). 0.5::edge(b, c). 0.7::edge(c, a).
0.4::edge(b, d). 0.9::edge(d, c). 0.3::edge(c, e).

% path/2 is left-recursive and the graph has cycles: tabling makes grounding terminate.
path(X, Y) :- edge(X, Y).
path(X, Y) :- path(X, Z), edge(Z, Y).

query(path(a, e)).
query(path(d, a)).
query(path(a, a)).
