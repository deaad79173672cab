% Strings: strings inside lists in answer keys.
0.6::words(["one", "two"]).
query(words(_)).
