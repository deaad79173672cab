% MNIST addition (DeepProbLog), single-digit numbers.
%
% An example is two MNIST images and the sum of their digits, e.g. (img0, img1, 7).
% The network `mnist_net` maps an image X to a distribution over its digit Y; the rule
% says the label is the sum of the two digits. Training only sees the sum: the digit
% classifier is learned through the logic.
%
% cortexlog grounds and compiles this once for the pattern `addition(img0, img1, S)`,
% S = 0..18; a batch of examples is then one network call and one circuit evaluation.

nn(mnist_net,[X],Y,[0,1,2,3,4,5,6,7,8,9]) :: digit(X,Y).

addition(X,Y,Z) :- digit(X,N1), digit(Y,N2), Z is N1+N2.
