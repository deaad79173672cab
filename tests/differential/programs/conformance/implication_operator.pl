% `=>` is an infix operator (700, yfx) in ProbLog's table.
q(X) :- X = (a => b), X =.. [F|_], F = '=>'.
r :- (1 => 2) = '=>'(A, B), A < B.
s(X) :- X = (a => b => c), X = '=>'(L, _), L = '=>'(_, _).
query(q(_)). query(r). query(s(_)).
