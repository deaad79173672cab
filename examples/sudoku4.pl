% Generate query files:  cortexlog data sudoku4 --out data/sudoku
% Train:                 cortexlog train examples/sudoku4.pl --train data/sudoku/train.pl \
%                          --test data/sudoku/test.pl --tensors train=mnist:train --tensors test=mnist:test
% 4x4 visual Sudoku: a grid of 16 digit images is valid when every row, column
% and 2x2 box holds four different digits (0-3).
nn(mnist_net,[X],Y,[0,1,2,3]) :: digit(X,Y).
all_different([]).
all_different([X|Xs]) :- \+ member(X,Xs), all_different(Xs).
valid([C0,C1,C2,C3,C4,C5,C6,C7,C8,C9,C10,C11,C12,C13,C14,C15]) :-
    digit(C0,V0),
    digit(C1,V1),
    digit(C2,V2),
    digit(C3,V3),
    all_different([V0,V1,V2,V3]),
    digit(C4,V4),
    digit(C5,V5),
    all_different([V0,V1,V4,V5]),
    digit(C6,V6),
    digit(C7,V7),
    all_different([V4,V5,V6,V7]),
    all_different([V2,V3,V6,V7]),
    digit(C8,V8),
    digit(C9,V9),
    digit(C10,V10),
    digit(C11,V11),
    all_different([V8,V9,V10,V11]),
    digit(C12,V12),
    all_different([V0,V4,V8,V12]),
    digit(C13,V13),
    all_different([V1,V5,V9,V13]),
    all_different([V8,V9,V12,V13]),
    digit(C14,V14),
    all_different([V2,V6,V10,V14]),
    digit(C15,V15),
    all_different([V12,V13,V14,V15]),
    all_different([V3,V7,V11,V15]),
    all_different([V10,V11,V14,V15]).

