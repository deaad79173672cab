% query/1: a deterministically true query has probability 1.
fact.
derived :- fact.
query(derived). query(fact).
