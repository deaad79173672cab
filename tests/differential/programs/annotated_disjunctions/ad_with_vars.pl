% Annotated disjunctions: an AD with variables, one independent choice per grounding.
die(d1). die(d2).
1/3::roll(D, 1); 1/3::roll(D, 2); 1/3::roll(D, 3) :- die(D).
same :- roll(d1, X), roll(d2, X).
total(S) :- roll(d1, A), roll(d2, B), S is A + B.
query(same). query(total(4)). query(total(6)).
