% MNIST addition with multi-digit numbers (DeepProbLog), used with --digits 2.
%
% A number is a list of images, most significant digit first: [img0, img1] is the
% number 10*d0 + d1. An example is two numbers and their sum (0..198 for N = 2).
% The same program works for any N.

nn(mnist_net,[X],Y,[0,1,2,3,4,5,6,7,8,9]) :: digit(X,Y).

% number(Images, Acc, Value): read the digits left to right.
number([],Result,Result).
number([H|T],Acc,Result) :- digit(H,Nr), Acc2 is Nr+10*Acc, number(T,Acc2,Result).
number(X,Y) :- number(X,0,Y).

addition(X,Y,Z) :- number(X,X2), number(Y,Y2), Z is X2+Y2.
