% Terms: atoms (0-arity predicates) used as facts, rule heads and queries.
0.25::rain.
0.5::sprinkler.
wet :- rain.
wet :- sprinkler.
query(wet).
query(rain).
