% Quoted atoms: an unquoted atom with a non-ASCII lowercase letter (no quotes needed).
0.5::café(open).
0.4::café(busy).
query(café(open)). query(café(busy)).
