% library(collect): Body => Group/Collector(Args) calls collect_Collector(Body, Group, Args)
% (Group none without /); collect_list/4 lists the values per group, and a program may
% define its own collector on top of aggregate/5.
:- use_module(library(collect)).
:- use_module(library(aggregate)).
0.5::item(a, 3).
0.6::item(b, 5).
item(a, 4).
collect_top(Body, Group, X, Top) :- aggregate(max, X, Group, Body, (Group, Top)).
collect_first(Body, none, X) :- call(Body), X > 4.
per_group(G, L) :- item(G, X) => G/list(X, L).
top(G, T) :- item(G, X) => G/top(X, T).
any_five :- item(_, X) => first(X).
query(per_group(G, L)).
query(top(G, T)).
query(any_five).
