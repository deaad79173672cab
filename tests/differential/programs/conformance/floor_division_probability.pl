% `//` rounds toward negative infinity in a probability annotation as in is/2 (ProbLog).
(-7//2 + 5)/10::a.
(9 // -4 + 4)/4::b.
c(X) :- X is -7 // 2.
query(a). query(b). query(c(_)).
