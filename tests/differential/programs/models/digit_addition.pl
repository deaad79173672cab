% Classic model: MNIST-style addition with digit beliefs as ADs (two one-digit numbers).
0.1::digit(img1, 0); 0.6::digit(img1, 1); 0.3::digit(img1, 2).
0.5::digit(img2, 0); 0.2::digit(img2, 1); 0.3::digit(img2, 2).
addition(X, Y, Z) :- digit(X, N1), digit(Y, N2), Z is N1 + N2.
query(addition(img1, img2, 0)). query(addition(img1, img2, 2)). query(addition(img1, img2, 4)).
