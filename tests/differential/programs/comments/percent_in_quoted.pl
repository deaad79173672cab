% Comments: a % inside a quoted atom is not a comment.
0.5::label('50% off').
q :- label('50% off').
query(q).
