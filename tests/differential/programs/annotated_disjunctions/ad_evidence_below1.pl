% Annotated disjunctions: evidence that no head of a below-1 AD was chosen.
0.3::pick(a); 0.4::pick(b).
none :- \+ pick(a), \+ pick(b).
other :- pick(b).
evidence(pick(a), false).
query(none). query(other).
