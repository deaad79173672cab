% library(aggregate) heads s(G, f<X>) :- body: per group G, f over the X of the body's
% distinct solutions, in every world of the probabilistic facts; f may be avg, sum, min,
% max or a predicate of the program (cnt/2 here).
:- use_module(library(aggregate)).
0.5::item(a, 3).
0.6::item(b, 5).
0.7::item(a, 4).
item(b, 1).
cnt(L, N) :- length(L, N).
total(G, sum<X>) :- item(G, X).
biggest(max<X>) :- item(_, X).
smallest(G, min<X>) :- item(G, X).
mean(G, avg<X>) :- item(G, X).
howmany(G, cnt<X>) :- item(G, X).
query(total(G, S)).
query(biggest(M)).
query(smallest(a, M)).
query(mean(G, A)).
query(howmany(G, N)).
