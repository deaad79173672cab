% Annotated disjunctions: an AD with a body.
0.4::hot.
0.7::drink(water); 0.3::drink(tea) :- hot.
0.2::drink(water); 0.5::drink(tea) :- \+ hot.
query(drink(water)). query(drink(tea)).
