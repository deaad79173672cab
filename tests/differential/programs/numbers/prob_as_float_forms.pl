% Numbers: probabilities written as 0.5, .5-free forms like 1.0, 0.0 and integers 1 and 0.
1.0::sure.
0.0::never.
1::also_sure.
0::also_never.
0.125::rare.
x :- sure, rare.
y :- never.
z :- also_sure, \+ also_never.
query(x). query(y). query(z).
