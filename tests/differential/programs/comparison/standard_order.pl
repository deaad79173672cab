% Comparison: == \== on terms and @< standard order.
0.5::pair(a, b). 0.5::pair(b, b). 0.5::pair(c, a).
same :- pair(X, Y), X == Y.
diff :- pair(X, Y), X \== Y.
ordered :- pair(X, Y), X @< Y.
query(same). query(diff). query(ordered).
