% Errors: query(\+ \+ a) - only one negation of an atom can be queried (ProbLog: unknown \+/1).
0.3::a.
query(\+ \+ a).
