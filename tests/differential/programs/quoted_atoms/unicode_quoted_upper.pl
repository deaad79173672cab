% Quoted atoms: an atom that starts with an uppercase non-ASCII letter needs quotes ('Été').
0.5::saison('Été').
0.25::saison(hiver).
chaud :- saison('Été').
query(saison(_)). query(chaud).
