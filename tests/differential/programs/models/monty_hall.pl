% Classic model: Monty Hall with uniform prize and choice (ADs), switching strategy.
:- use_module(library(lists)).
1/3::prize(1); 1/3::prize(2); 1/3::prize(3).
select_door(1).
0.5::open_door(A); 0.5::open_door(B) :- select_door(S), prize(S), member(A, [1, 2, 3]), member(B, [1, 2, 3]), A < B, A \== S, B \== S.
open_door(A) :- select_door(S), prize(P), S \== P, member(A, [1, 2, 3]), A \== S, A \== P.
win_keep :- select_door(S), prize(S).
win_switch :- member(A, [1, 2, 3]), \+ select_door(A), \+ open_door(A), prize(A).
query(win_keep). query(win_switch).
