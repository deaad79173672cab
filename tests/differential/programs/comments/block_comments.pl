/* Comments: block comments spanning several lines,
   placed before clauses and inside them. */
0.3:: /* inline */ a.
b :- /* before */ a /* after */.
/* query(a). is not asked */
query(b).
