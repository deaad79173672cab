% Lists, arithmetic and negation: which coins land heads, and how many?
coin(c1, 0.5). coin(c2, 0.6). coin(c3, 0.2).

% A probability taken from the data: P is bound by the body before the fact is chosen.
P::heads(C) :- coin(C, P).

heads_list(L) :- findall(C, coin(C, _), Cs), select_heads(Cs, L).
select_heads([], []).
select_heads([C|Cs], [C|L]) :- heads(C), select_heads(Cs, L).
select_heads([C|Cs], L) :- \+ heads(C), select_heads(Cs, L).

count(N) :- heads_list(L), length(L, N).

query(count(0)). query(count(1)). query(count(2)). query(count(3)).
query(heads_list([c1, c2])).
