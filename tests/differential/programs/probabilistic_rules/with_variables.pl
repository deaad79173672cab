% Probabilistic rules: a rule with variables; each grounding gets its own choice.
person(a). person(b). person(c).
0.2::sick(X) :- person(X).
any_sick :- sick(_).
query(sick(a)). query(any_sick).
