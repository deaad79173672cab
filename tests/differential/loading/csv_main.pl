% library(db) csv_load/2: one fact per data row; the first data row fixes each column's
% type (prob is a float column, so its 1 reads as 1.0).
:- use_module(library(db)).
:- csv_load('weights.csv', w).
P::pick(I) :- w(I, _, P).
heavy(I) :- w(I, K, _), K > 2.
query(pick(I)).
query(heavy(I)).
