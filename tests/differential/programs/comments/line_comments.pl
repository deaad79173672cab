% Comments: % line comments, including at the end of clauses and between arguments.
0.5::a. % a coin
0.5::b. % another coin
c :- a, % first
     b. % second
% query(a).  <- commented-out query must not be asked
query(c).
