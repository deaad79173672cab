% use_module(library(lists)): flatten, prefix, nextto, numlist, same_length, proper_length.
:- use_module(library(lists)).
0.3::nest([a, [b, [c]], [], d]). 0.7::nest([[x], y]).
flat(F) :- nest(N), flatten(N, F).
pre(P) :- nest(N), prefix(P, N).
pair(X, Y) :- nest(N), nextto(X, Y, N).
nums(L) :- nest(N), length(N, K), numlist(1, K, L).
same :- nest(N), same_length(N, [_, _]).
plen(K) :- nest(N), proper_length(N, K).
query(flat(_)). query(pre(_)). query(pair(_, _)). query(nums(_)).
query(same). query(plen(_)).
