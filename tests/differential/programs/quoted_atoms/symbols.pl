% Quoted atoms: atoms with punctuation characters and an empty quoted atom.
0.2::tag('a-b').
0.3::tag('x.y').
0.4::tag('').
n(N) :- findall(T, tag(T), L), length(L, N).
query(tag('a-b')). query(n(2)). query(n(3)).
