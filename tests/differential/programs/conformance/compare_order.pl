% compare/3 by the standard order of terms.
lt :- compare(O, 1, 2), O == '<'.
gt :- compare(O, zebra, apple), O == '>'.
eq :- compare(O, f(X), f(X)), O == '='.
num_before_atom :- compare(O, 42, abc), O == '<'.
float_int :- compare(O, 1.0, 1), O == '<'.
not_gt :- compare(O, a, b), O == '>'.
query(lt). query(gt). query(eq). query(num_before_atom). query(float_int). query(not_gt).
