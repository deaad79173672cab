% query/1: the same query asked twice is reported once.
0.3::a.
query(a). query(a).
