% Consulted by consult_main.pl; consults ../rules.pl relative to this file.
0.5::heads(c1).
0.6::heads(c2).
0.3::heads(c3).
:- consult('../rules').
query(heads(c1)).
