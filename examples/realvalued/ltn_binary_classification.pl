% LTN's binary classification example (LTNtorch examples/1), as a constraint program.
%
% A(x) is learned by an MLP: every positive point is an A, no negative point is.
% Compile with cortexlog.realvalued.ConstraintModule.from_file(this file, "product",
% {"a_net": mlp}) and call it as module(pos=..., neg=...): the satisfaction of the
% knowledge base (the p-mean error of the two axioms, LTN's SatAgg).

nn(a_net, [X]) :: a(X).

query(forall(X:pos, a(X))).
query(forall(X:neg, \+ a(X))).
