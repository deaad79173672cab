% Quoted atoms: atoms that need quotes (spaces, capitals) as arguments.
0.4::says(bob, 'Hello World').
0.7::says(ann, 'Good bye').
greeted :- says(_, 'Hello World').
query(says(bob, 'Hello World')). query(greeted).
