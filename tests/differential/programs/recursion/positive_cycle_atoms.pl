% Recursion: a positive cycle between propositional atoms a :- b, b :- a (least model).
0.3::sa. 0.4::sb.
a :- sa.
a :- b.
b :- sb.
b :- a.
query(a). query(b).
