% The larger of two MNIST digits: maximum(A, B, M). Many digit pairs share a label
% (maximum 9 has 19 of the 100 pairs), so each example says little about each digit.
%
% Generate query files:  cortexlog data maximum --out data/max
% Train:                 cortexlog train examples/maximum.pl --train data/max/train.pl \
%                          --test data/max/test.pl --tensors train=mnist:train --tensors test=mnist:test

nn(mnist_net,[X],Y,[0,1,2,3,4,5,6,7,8,9]) :: digit(X,Y).
maximum(X,Y,Z) :- digit(X,N1), digit(Y,N2), Z is max(N1,N2).
