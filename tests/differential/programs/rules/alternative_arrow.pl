% Rules: the `<-` arrow is an alternative to `:-`.
0.6::a. 0.7::b.
c <- a, b.
d <- a.
d <- b.
query(c). query(d).
