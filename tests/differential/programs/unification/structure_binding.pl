% Unification: = builds and decomposes structures.
0.5::name(ann). 0.5::name(bob).
greeting(G) :- name(N), G = hello(N).
query(greeting(hello(ann))). query(greeting(hello(bob))).
