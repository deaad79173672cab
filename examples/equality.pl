% Are two MNIST digits equal? A true/false relation: examples carry targets,
% `equal(A, B).` for an equal pair and `0.0::equal(A, B).` for an unequal one.
% The network learns the digits up to a renaming (equality cannot tell 3 from "3").
%
% Generate query files:  cortexlog data equality --out data/eq
% Train:                 cortexlog train examples/equality.pl --train data/eq/train.pl \
%                          --test data/eq/test.pl --tensors train=mnist:train --tensors test=mnist:test

nn(mnist_net,[X],Y,[0,1,2,3,4,5,6,7,8,9]) :: digit(X,Y).
equal(X,Y) :- digit(X,N), digit(Y,N).
