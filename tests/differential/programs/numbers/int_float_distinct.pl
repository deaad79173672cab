% Numbers: 2 and 2.0 are different terms but compare equal with =:=.
0.5::n(2). 0.3::n(2.0).
int_two :- n(X), X == 2.
eq_two :- n(X), X =:= 2.
query(int_two). query(eq_two).
