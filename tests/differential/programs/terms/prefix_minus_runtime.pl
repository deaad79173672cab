% Terms: -Y built in a rule body prints as -a once Y is bound; - X is - 1 evaluates to -1.
0.6::base(a). 0.3::base(f(b)).
neg(X) :- base(Y), X = - Y.
val(V) :- base(a), V is - 1 + 3.
query(neg(_)). query(val(_)).
