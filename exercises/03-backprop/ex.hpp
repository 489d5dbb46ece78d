#pragma once
// Chapter 03 exercises: backpropagation. Book page: book/03-backprop.md.
//
// Write the bodies in exercises/03-backprop/ex.cpp; the tests are
// tests/exercises/ch03_test.cpp (`build/tests/exercise_tests "[ch03]"`).
// Losses are MEANS over the batch, so their gradients carry a 1/N, as in
// lib/nn/loss.hpp. Labels are class indices 0..C-1.
#include <functional>
#include <vector>

#include "nn/tensor.hpp"

namespace ex03 {

/// The gradients of a Dense layer y = x W^T + b.
struct DenseGrads {
  nn::Tensor dx;  // [N, in]
  nn::Tensor dW;  // [out, in]
  nn::Tensor db;  // [out]
};

/// Exercise 1. The backward pass of a Dense layer (book, "layer-level
/// backward"). x: [N, in], W: [out, in] (as torch.nn.Linear stores it),
/// dy = dL/dy: [N, out]. Returns
///
///     dx = dy W  [N, in],     dW = dy^T x  [out, in],     db = sum over rows of dy  [out].
///
/// Throws nn::ShapeError if the shapes do not fit together.
DenseGrads dense_backward(const nn::Tensor& x, const nn::Tensor& W, const nn::Tensor& dy);

/// A mean loss and its gradient with respect to the scores it was given.
struct LossAndGrad {
  float loss = 0.0f;
  nn::Tensor grad;  // same shape as the scores
};

/// Exercise 2. Softmax cross-entropy on logits z [N, C] (book, "softmax and
/// cross-entropy"):
///
///     p_ij = e^{z_ij} / sum_k e^{z_ik},    L = (1/N) sum_i -log p_{i, y_i},
///     dL/dz_ij = (p_ij - [j == y_i]) / N.
///
/// Stable for large logits: subtract each row's maximum before exponentiating
/// (softmax does not change), and take log p from z - max - log(sum e^{z - max})
/// rather than log of a p that may have rounded to 0. With logits (1000, 0)
/// and label 1 the loss is 1000, not inf or NaN.
LossAndGrad softmax_cross_entropy(const nn::Tensor& logits, const std::vector<int>& labels);

/// Exercise 3. The multiclass SVM (hinge) loss on scores s [N, C] (book,
/// "the SVM loss"):
///
///     L = (1/N) sum_i sum_{j != y_i} max(0, s_ij - s_{i,y_i} + margin),
///
/// and its (sub)gradient: for each j != y_i with a positive margin term,
/// dL/ds_ij = 1/N and dL/ds_{i,y_i} -= 1/N. A term exactly 0 counts as not positive.
LossAndGrad multiclass_hinge(const nn::Tensor& scores, const std::vector<int>& labels,
                             float margin = 1.0f);

/// Exercise 4. The central-difference estimate of f'(x) (book, "gradient
/// checking"):  (f(x + h) - f(x - h)) / (2h).
/// Its error is O(h^2) (one-sided (f(x+h) - f(x))/h is only O(h)).
double numerical_derivative(const std::function<double(double)>& f, double x, double h = 1e-5);

}  // namespace ex03
