% An annotated disjunction of facts asked with its value open: each option is an answer
% with its own probability (was 0 on the arithmetic path: the answer had no rule).
0.3::p(1); 0.4::p(2); 0.1::p(3).
1/6::die(a, 1); 1/6::die(a, 2); 1/6::die(a, 3); 1/6::die(a, 4); 1/6::die(a, 5); 1/6::die(a, 6).
query(p(X)).
query(die(a, V)).
query(die(D, 6)).
