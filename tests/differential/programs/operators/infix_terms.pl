% Operators: arithmetic operator terms kept unevaluated as data.
0.5::expr(1 + 2).
0.5::expr(3 * 4).
evaluates(V) :- expr(E), V is E.
query(evaluates(3)). query(evaluates(12)). query(expr(1 + 2)).
