% Classic model: a noisy-or over several regional causes with a shared dependency.
region(r1). region(r2). region(r3).
0.05::quake(R) :- region(R).
0.1::storm.
0.6::outage(R) :- quake(R).
0.3::outage(R) :- region(R), storm.
blackout :- outage(r1), outage(r2).
query(blackout). query(outage(r3)).
