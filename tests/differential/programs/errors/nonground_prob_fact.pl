% Errors: a probabilistic fact that stays non-ground in a query answer.
0.4::f(_).
query(f(_)).
