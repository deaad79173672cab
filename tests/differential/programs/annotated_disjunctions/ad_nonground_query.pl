% Annotated disjunctions: a non-ground query over all heads of a three-way AD.
0.25::grade(a); 0.5::grade(b); 0.25::grade(c).
query(grade(_)).
