% findall/3 over solutions proved by the same probabilistic fact: result lists that take
% one solution without the other are impossible and ProbLog does not list them.
0.25::rain(mon).
0.7::rain(tue).
wet(grass) :- rain(mon).
wet(road) :- rain(mon).
wet(roof) :- rain(tue).
wet(car) :- rain(tue).
soaked(L) :- findall(w(T), wet(T), L).
query(soaked(_)).
