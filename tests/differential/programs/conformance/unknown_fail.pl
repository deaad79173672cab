% `:- unknown(fail).`: calls to undefined predicates fail instead of raising.
:- unknown(fail).
0.4::sunny.
picnic :- sunny, basket(full).
picnic :- sunny.
indoors :- \+ sunny, \+ undefined_weather.
query(picnic). query(indoors). query(no_such_atom).
