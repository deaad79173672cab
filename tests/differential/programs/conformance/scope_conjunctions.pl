% library(scope): conjunctions, lists of scopes and global atoms inside a scope.
:- use_module(library(scope)).
0.4::s1:a.
0.7::s2:b.
s1:c :- s1:a.
d.
q1 :- s1:(a,a).
q2 :- s1:(a,c).
q3 :- [s1,s2]:b.
q4 :- s2:d.
q5 :- s1:(a,d).
q6 :- [s2,s1]:(a,b).
query(q1). query(q2). query(q3). query(q4). query(q5). query(q6). query(s1:_).
