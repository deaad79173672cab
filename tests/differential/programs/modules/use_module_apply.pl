% use_module(library(apply)) and library(lists) together: maplist over a list.
:- use_module(library(apply)).
:- use_module(library(lists)).
0.5::ok(1). 0.5::ok(2).
all_ok :- maplist(ok, [1, 2]).
query(all_ok).
