% Errors: evidence(a, true) and evidence(a, false) together are inconsistent.
0.3::a.
evidence(a, true).
evidence(a, false).
query(a).
