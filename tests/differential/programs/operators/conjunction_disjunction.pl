% Operators: ',' and ';' in rule bodies, including parenthesised disjunction.
0.3::a. 0.4::b. 0.5::c.
q :- a, (b ; c).
r :- (a ; b), \+ c.
query(q). query(r).
