% Annotated disjunctions: two ADs mentioning the same atoms are independent choices.
0.3::x; 0.7::y.
0.6::x; 0.2::y.
query(x). query(y).
