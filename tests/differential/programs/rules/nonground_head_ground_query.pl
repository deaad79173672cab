% Rules: a general rule queried for one instance.
0.4::rain(day1). 0.7::rain(day2).
wet(D) :- rain(D).
query(wet(day2)).
