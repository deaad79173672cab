% DeepProbLog's Forth sort task with our own program. The numbers are in the queries
% (no tensors): every distinct list is its own query shape.
% Generate query files:  cortexlog data forth-sort --out data/sort
% Train:                 cortexlog train examples/forth_sort.pl --train data/sort/train.pl --test data/sort/test.pl
% Bubble sort with a learned comparator: swap_net decides whether two numbers swap.
nn(swap_net,[X,Y],Z,[no_swap,swap]) :: swap(X,Y,Z).
order(X,Y,X,Y) :- swap(X,Y,no_swap).
order(X,Y,Y,X) :- swap(X,Y,swap).
% pass(List, Rest, Max): one pass carries the largest element to the end.
pass([X],[],X).
pass([X,Y|T],[Small|Rest],Max) :- order(X,Y,Small,Big), pass([Big|T],Rest,Max).
bsort([],Acc,Acc).
bsort([H|T],Acc,Sorted) :- pass([H|T],Rest,Max), bsort(Rest,[Max|Acc],Sorted).
forth_sort(List,Sorted) :- bsort(List,[],Sorted).

