% consult/1 adds another file's clauses, queries and evidence where the directive stands;
% the path is relative to the consulting file, `.pl` may be left out, `:- [F, G].` loads several
% files, and a file is loaded once (rules.pl is consulted twice).
:- consult('parts/coins').
:- [rules, 'parts/coins.pl'].
both_or_third :- two ; heads(c3).
query(both_or_third).
