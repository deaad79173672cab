% `not` is a prefix operator (900, fy) as in ProbLog, and still a functor.
0.3::alarm. 0.6::quiet(night).
calm :- not alarm.
calm2 :- not(alarm).
sleep :- not quiet(night), not alarm.
term(X) :- X = (not alarm), X = not(_).
query(calm). query(calm2). query(sleep). query(term(_)).
