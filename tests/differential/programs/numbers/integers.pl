% Numbers: integer constants as arguments, including zero and negatives.
0.3::val(0). 0.4::val(-2). 0.5::val(17).
pos :- val(X), X > 0.
neg :- val(X), X < 0.
query(val(-2)). query(pos). query(neg). query(val(0)).
