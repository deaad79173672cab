% Classic model: a tiny epidemic chain over days with recovery (negation over earlier days).
day(0). day(1). day(2).
0.3::ill(p, 0).
0.5::ill(p, D1) :- day(D), D1 is D + 1, D1 =< 2, ill(p, D), \+ recovered(p, D).
0.4::recovered(p, D) :- day(D), ill(p, D).
query(ill(p, 2)). query(recovered(p, 1)).
