% Errors: loading a library that does not exist.
:- use_module(library(no_such_library_xyz)).
0.5::a.
query(a).
