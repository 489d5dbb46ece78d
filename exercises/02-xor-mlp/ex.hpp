#pragma once
// Chapter 02 exercises: XOR and the multilayer perceptron. Book page: book/02-xor-mlp.md.
//
// Write the bodies in exercises/02-xor-mlp/ex.cpp; the tests are
// tests/exercises/ch02_test.cpp (`build/tests/exercise_tests "[ch02]"`).
// The XOR data: inputs (0,0), (0,1), (1,0), (1,1), labels 0, 1, 1, 0.
#include "nn/tensor.hpp"

namespace ex02 {

/// Exercise 1. The feature trick (book, "a third feature"): append the
/// product x1 * x2 to every row, so that a linear model can separate XOR.
///
/// X: [N, 2]. Returns [N, 3] with row i = (x_i1, x_i2, x_i1 * x_i2).
/// Throws nn::ShapeError if X is not of shape [N, 2].
nn::Tensor xor_features(const nn::Tensor& X);

/// The weights of a 2-2-1 network of step units, step(v) = 1 if v > 0 else 0:
///     h = step(W1 x + b1),    out = step(w2 . h + b2).
struct StepNetwork {
  nn::Tensor W1;  // [2, 2], row k holds the input weights of hidden unit k
  nn::Tensor b1;  // [2]
  nn::Tensor w2;  // [2]
  float b2 = 0.0f;
};

/// Exercise 2. Set the weights by hand (book, "a network of threshold units"):
/// hidden unit 0 computes NOT(x1 AND x2), hidden unit 1 computes x1 OR x2,
/// and the output computes h0 AND h1, which is x1 XOR x2.
/// Leave a margin: the tests also feed inputs up to 0.2 away from 0 and 1
/// (so put every threshold halfway between the sums it separates).
StepNetwork step_network();

/// Exercise 3. The backward pass of tanh, written in terms of its OUTPUT
/// (book, "tanh and its derivative"): given y = tanh(x) and the upstream
/// gradient dy = dL/dy (same shape, any rank), return dL/dx = dy * (1 - y^2).
/// Throws nn::ShapeError if the shapes differ.
nn::Tensor tanh_backward(const nn::Tensor& y, const nn::Tensor& dy);

/// A 2-2-1 MLP: h = tanh(W1 x + b1), p = sigmoid(w2 . h + b2).
struct XorMlp {
  nn::Tensor W1;  // [2, 2], as in StepNetwork
  nn::Tensor b1;  // [2]
  nn::Tensor w2;  // [2]
  float b2 = 0.0f;
};

/// Exercise 4. One step of full-batch gradient descent on the mean binary
/// cross-entropy  L = (1/N) sum_i -[y_i log p_i + (1 - y_i) log(1 - p_i)]
/// (book, "learning XOR"). X: [N, 2], y: [N] of 0/1.
///
/// Forward: a_i = W1 x_i + b1, h_i = tanh(a_i), z_i = w2 . h_i + b2, p_i = s(z_i).
/// Backward: dz_i = (p_i - y_i) / N; dw2 = sum dz_i h_i; db2 = sum dz_i;
///           da_i = dz_i w2 * (1 - h_i^2); dW1 = sum da_i x_i^T; db1 = sum da_i.
/// Then every parameter P <- P - lr * dP. Returns L at the parameters BEFORE
/// the update (compute it stably, as in chapter 01).
float xor_mlp_step(XorMlp& net, const nn::Tensor& X, const nn::Tensor& y, float lr);

}  // namespace ex02
