% Negative head literals: p::\+a :- b makes a false with probability p when b holds,
% whatever a's other rules derive (deterministic \+a :- b too), per ground instance.
0.6::rain.
0.3::wind.
0.5::wet :- rain.
0.4::\+wet :- wind.
dry_day :- \+ wet.
0.8::open(shop).
0.8::open(park).
\+open(park) :- rain.
0.5::\+ open(X) :- wind, X \= park.
visit(X) :- open(X).
0.2::late; 0.3::\+late_ok :- wind.
late_ok :- \+ late.
query(wet).
query(dry_day).
query(open(X)).
query(visit(shop)).
query(late_ok).
