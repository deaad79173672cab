% Errors: an unquoted letter without case (CJK 日) starts neither an atom nor a variable.
0.5::p(日本).
query(p(_)).
