% subquery(Goal, P): a separate inference of Goal (without the program's evidence), one
% deterministic solution per answer with its probability; subquery/3 takes evidence atoms.
0.3::rain.
0.6::sprinkler.
wet :- rain.
wet :- sprinkler.
0.5::coin(h1). 0.2::coin(h2).
p_wet(P) :- subquery(wet, P).
given :- subquery(rain, P, [wet]), P > 0.416, P < 0.417.
each(C, P) :- subquery(coin(C), P).
likely :- subquery(wet, P), P > 0.5.
either :- subquery(rain, P), P > 0.5 ; sprinkler.
query(p_wet(_)).
query(given).
query(each(_, _)).
query(likely).
query(either).
