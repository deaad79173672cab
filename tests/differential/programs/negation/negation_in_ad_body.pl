% Negation: \+ in the body of an annotated disjunction.
0.3::cold.
0.6::wear(coat); 0.4::wear(shirt) :- cold.
0.1::wear(coat); 0.9::wear(shirt) :- \+ cold.
query(wear(coat)). query(wear(shirt)).
