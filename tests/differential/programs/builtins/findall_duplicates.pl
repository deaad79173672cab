% findall/3 keeps one element per solution, duplicates included (standard Prolog and ProbLog).
item(1). item(2). item(1).
0.5::ok.
n(N) :- findall(X, item(X), L), length(L, N), ok.
query(n(_)).
