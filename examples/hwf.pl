% Handwritten formulas: a formula is an odd-length list of images, digits at even
% positions and operators at odd ones; its value follows the usual precedence
% (* and / before + and -), left to right.
nn(digit_net, [X], Y, [0,1,2,3,4,5,6,7,8,9]) :: digit(X, Y).
nn(op_net, [X], Y, [plus, minus, times, div]) :: op(X, Y).

formula(Images, Value) :- symbols(Images, Symbols), value(Symbols, V), close(V, Value).

symbols([D], [N]) :- digit(D, N).
symbols([D, O | Is], [N, Op | Ss]) :- digit(D, N), op(O, Op), symbols(Is, Ss).

% value(Symbols, V): a sum of products, evaluated left to right.
value(Ss, V) :- product(Ss, P, Rest), sum_rest(Rest, P, V).
sum_rest([], Acc, Acc).
sum_rest([plus | Ss], Acc, V) :- product(Ss, P, Rest), A is Acc + P, sum_rest(Rest, A, V).
sum_rest([minus | Ss], Acc, V) :- product(Ss, P, Rest), A is Acc - P, sum_rest(Rest, A, V).

product([N | Ss], P, Rest) :- product_rest(Ss, N, P, Rest).
product_rest([], Acc, Acc, []).
product_rest([plus | Ss], Acc, Acc, [plus | Ss]).
product_rest([minus | Ss], Acc, Acc, [minus | Ss]).
product_rest([times, N | Ss], Acc, P, Rest) :- A is Acc * N, product_rest(Ss, A, P, Rest).
product_rest([div, N | Ss], Acc, P, Rest) :- N =\= 0, A is Acc / N, product_rest(Ss, A, P, Rest).

% the label is the value rounded to 4 decimals, as in the HWF data
close(V, R) :- ground(R), abs(V - R) < 0.0001.
close(V, R) :- var(R), R is round(V * 10000) / 10000.
