% library(cut): the clauses of route/3 are tried in the order of their first argument;
% the first index whose clause succeeds (probabilistically: the others failing) wins.
:- use_module(library(cut)).
0.6::open(highway). 0.5::open(bridge).
route(2, From, To) :- open(bridge), From = home, To = work.
route(1, From, To) :- open(highway), From = home, To = work.
route(3, From, To) :- From = home, To = shop.
go(From, To) :- cut(route(From, To)).
via(I) :- cut(route(home, work), I).
query(go(home, _)). query(via(_)).
