% Errors: positive evidence on an atom that is deterministically false.
0.5::a.
never :- fail.
evidence(never, true).
query(a).
