% library(string): concat/2, join/3, str2lst/2 and lst2str/2 read each
% element as its text and give atoms.
:- use_module(library(string)).
0.4::part(ab).
0.7::part(cd).
word(W) :- part(ab), part(cd), concat([ab, cd, 1], W).
joined(J) :- join('_', [x, 2, y], J).
chars(L) :- str2lst(abc, L).
back(A) :- str2lst(hello, L), lst2str(L, A).
first(C) :- part(P), str2lst(P, L), L = [C|_].
query(word(_)).
query(joined(_)).
query(chars(_)).
query(back(_)).
query(first(_)).
