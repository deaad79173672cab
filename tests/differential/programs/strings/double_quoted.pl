% Strings: double-quoted strings as arguments, compared by unification.
0.5::name(p1, "alice"). 0.25::name(p2, "bob").
is_alice(P) :- name(P, "alice").
query(is_alice(p1)). query(is_alice(p2)). query(name(p2, "bob")).
