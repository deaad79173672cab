% evidence/2: evidence on a deterministic true atom changes nothing.
base.
0.4::a.
evidence(base, true).
query(a).
