% Operators: the comparison operators < =< > >= =:= =\= on bound numbers.
0.5::n(3). 0.5::n(5).
lt :- n(X), X < 4.
le :- n(X), X =< 3.
gt :- n(X), X > 4.
ge :- n(X), X >= 5.
eq :- n(X), X =:= 3.
ne :- n(X), X =\= 3.
query(lt). query(le). query(gt). query(ge). query(eq). query(ne).
