% Quoted atoms: a quoted atom starting with a capital letter is a constant, not a variable.
0.5::city('Leuven'). 0.5::city('Gent').
two :- city('Leuven'), city('Gent').
query(city('Leuven')). query(two).
