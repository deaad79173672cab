% Strings: a double-quoted string containing spaces and punctuation.
0.3::msg("hello, world").
0.6::msg("bye").
q :- msg("hello, world"), msg("bye").
query(q). query(msg("hello, world")).
