% Errors: unbalanced parentheses.
0.5::a(1.
query(a(1)).
