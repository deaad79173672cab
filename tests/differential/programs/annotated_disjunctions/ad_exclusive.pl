% Annotated disjunctions: heads of one AD are mutually exclusive.
0.5::a; 0.5::b.
both :- a, b.
either :- a.
either :- b.
query(both). query(either).
