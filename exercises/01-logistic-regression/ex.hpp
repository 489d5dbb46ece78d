#pragma once
// Chapter 01 exercises: logistic regression. Book page: book/01-logistic-regression.md.
//
// Write the bodies in exercises/01-logistic-regression/ex.cpp; the tests are
// tests/exercises/ch01_test.cpp (run them: `tools/grade` or
// `build/tests/exercise_tests "[ch01]"`).
//
// Notation (as in the book): X is the data matrix [N, D], one sample per row;
// y holds the N labels, each 0 or 1; theta [D] and the bias b are the
// parameters; z_i = x_i . theta + b is the logit of sample i.
#include <vector>

#include "nn/tensor.hpp"

namespace ex01 {

/// Exercise 1. The logistic sigmoid  s(z) = 1 / (1 + e^-z).
///
/// Must be correct and finite for every finite float: s(0) = 0.5,
/// s(-z) = 1 - s(z), s(-1000) = 0 and s(1000) = 1 with no NaN. Hint: e^-z
/// overflows for very negative z; for z < 0 the equal form e^z / (1 + e^z)
/// only ever exponentiates a negative number.
float sigmoid(float z);

/// Exercise 2. The mean logistic (binary cross-entropy) loss
///
///     L = (1/N) sum_i  -[ y_i log s(z_i) + (1 - y_i) log(1 - s(z_i)) ],
///     z_i = x_i . theta + b.
///
/// X: [N, D], y: [N] (0 or 1), theta: [D]. Returns L (N >= 1).
/// Numerical stability: s(z) rounds to exactly 1 for z > 17 in float, and
/// log(1 - 1) = -inf. Use the equal form  L_i = max(z,0) - z y + log(1 + e^-|z|)
/// (book, "a loss that never takes log 0"): with z = 100, y = 0 the loss is 100.
/// Accumulate the sum in double.
float logistic_loss(const nn::Tensor& X, const nn::Tensor& y, const nn::Tensor& theta, float b);

/// The gradient of the mean logistic loss with respect to theta and b.
struct LogisticGradient {
  nn::Tensor dtheta;  // [D]
  float db = 0.0f;
};

/// Exercise 3. The gradient of logistic_loss (book, "the gradient"):
///
///     dL/dtheta = (1/N) sum_i (s(z_i) - y_i) x_i,     dL/db = (1/N) sum_i (s(z_i) - y_i).
///
/// Same arguments as logistic_loss; dtheta has shape [D].
LogisticGradient logistic_gradient(const nn::Tensor& X, const nn::Tensor& y,
                                   const nn::Tensor& theta, float b);

/// A trained model: the parameters and the loss before each step.
struct LogisticModel {
  nn::Tensor theta;  // [D]
  float b = 0.0f;
  std::vector<float> losses;  // losses[t] = L(theta_t, b_t), one per step
};

/// Exercise 4. Full-batch gradient descent (book, "gradient descent"):
/// start from theta = 0, b = 0 and take `steps` steps
///
///     theta <- theta - lr * dL/dtheta,     b <- b - lr * dL/db,
///
/// recording the loss before each step in `losses` (so losses.size() == steps).
/// Use your logistic_loss and logistic_gradient.
LogisticModel fit_logistic_regression(const nn::Tensor& X, const nn::Tensor& y, float lr,
                                      int steps);

}  // namespace ex01
