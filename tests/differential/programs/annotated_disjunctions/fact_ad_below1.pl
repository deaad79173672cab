% Annotated disjunctions: a fact AD summing below 1 (possibly no choice).
0.2::w(sun); 0.3::w(rain).
dry :- \+ w(rain).
nothing :- \+ w(sun), \+ w(rain).
query(w(sun)). query(dry). query(nothing).
