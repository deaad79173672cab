% is_list/1 as ProbLog: a list cell with an unbound tail counts, an unbound term does not.
a :- is_list([x|_]).
b :- is_list([x, y|_]).
c :- is_list(_).
d :- is_list([x|y]).
e :- is_list([]).
f :- is_list([_|_]).
g :- L = [1, 2|T], T = [3], is_list(L).
query(a). query(b). query(c). query(d). query(e). query(f). query(g).
