% Rules: a ground head with an existentially quantified body variable.
0.3::obs(1). 0.4::obs(2). 0.5::obs(3).
seen :- obs(_).
query(seen).
