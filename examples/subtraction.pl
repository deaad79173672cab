% The difference of two MNIST digits: subtraction(A, B, D) with D = a - b (-9..9).
%
% Generate query files:  cortexlog data subtraction --out data/sub
% Train:                 cortexlog train examples/subtraction.pl --train data/sub/train.pl \
%                          --test data/sub/test.pl --tensors train=mnist:train --tensors test=mnist:test

nn(mnist_net,[X],Y,[0,1,2,3,4,5,6,7,8,9]) :: digit(X,Y).
subtraction(X,Y,Z) :- digit(X,N1), digit(Y,N2), Z is N1-N2.
