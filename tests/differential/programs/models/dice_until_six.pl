% Classic model: a die rolled until six (bounded horizon), with evidence on an odd first roll.
1/6::roll(T, 1); 1/6::roll(T, 2); 1/6::roll(T, 3); 1/6::roll(T, 4); 1/6::roll(T, 5); 1/6::roll(T, 6) :- between(1, 3, T).
odd(T) :- roll(T, X), X mod 2 =:= 1.
six_by(T) :- between(1, 3, T), roll(T, 6).
six_by(T) :- between(2, 3, T), T0 is T - 1, six_by(T0).
evidence(odd(1), true).
query(six_by(3)). query(roll(2, 6)).
