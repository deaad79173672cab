% Lists: the empty list as a fact argument and in a query.
0.3::bag([]).
0.6::bag([a]).
empty :- bag([]).
query(empty). query(bag([a])).
