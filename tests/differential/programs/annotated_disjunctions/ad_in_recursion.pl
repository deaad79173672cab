% Annotated disjunctions: an AD per time step driving a walk.
step(0). step(1). step(2).
0.5::move(T, left); 0.5::move(T, right) :- step(T).
pos(0, 0).
pos(T1, P1) :- pos(T, P), step(T), T1 is T + 1, move(T, left), P1 is P - 1.
pos(T1, P1) :- pos(T, P), step(T), T1 is T + 1, move(T, right), P1 is P + 1.
query(pos(3, 1)). query(pos(3, 3)). query(pos(2, 0)).
