% Classic model: two-digit number addition over per-image digit ADs (as in DeepProbLog).
0.5::digit(I, 0); 0.3::digit(I, 1); 0.2::digit(I, 2) :- img(I).
img(a). img(b). img(c). img(d).
number([], Acc, Acc).
number([I|Is], Acc, N) :- digit(I, D), Acc1 is Acc * 10 + D, number(Is, Acc1, N).
number(Is, N) :- number(Is, 0, N).
add(X, Y, Z) :- number(X, N1), number(Y, N2), Z is N1 + N2.
query(add([a, b], [c, d], 0)). query(add([a, b], [c, d], 11)). query(add([a, b], [c, d], 22)).
