% evidence/2: evidence on an annotated disjunction head.
0.2::c(red); 0.3::c(green); 0.5::c(blue).
warm :- c(red).
warm :- c(green).
evidence(warm, true).
query(c(red)). query(c(green)). query(c(blue)).
