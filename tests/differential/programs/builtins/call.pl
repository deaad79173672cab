% call/1: calling a goal built at run time.
0.4::a. 0.7::b.
run(G) :- call(G).
query(run(a)). query(run(b)).
