% Classic model: a student network (difficulty, intelligence, grade, letter) with ADs.
0.4::difficult.
0.3::smart.
0.9::grade(a); 0.08::grade(b); 0.02::grade(c) :- smart, \+ difficult.
0.5::grade(a); 0.3::grade(b); 0.2::grade(c) :- smart, difficult.
0.3::grade(a); 0.4::grade(b); 0.3::grade(c) :- \+ smart, \+ difficult.
0.05::grade(a); 0.25::grade(b); 0.7::grade(c) :- \+ smart, difficult.
0.9::letter :- grade(a).
0.6::letter :- grade(b).
0.01::letter :- grade(c).
evidence(letter, true).
query(smart). query(difficult). query(grade(a)).
