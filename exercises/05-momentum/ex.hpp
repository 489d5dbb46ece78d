#pragma once
// Chapter 05 exercises: momentum and Adam. Book page: book/05-momentum.md.
//
// Write the bodies in exercises/05-momentum/ex.cpp; the tests are
// tests/exercises/ch05_test.cpp (run them: `tools/grade` or
// `build/tests/exercise_tests "[ch05]"`).
//
// Each function takes one step of an optimiser on one tensor of weights w,
// in place, element by element: w[i] depends only on w[i], grad[i] and the
// optimiser's state for element i. `lr` is eta in the book. Every tensor
// passed in must have the shape of w; throw nn::ShapeError otherwise.
#include <functional>

#include "nn/tensor.hpp"

namespace ex05 {

/// Exercise 1. Gradient descent with momentum, as the book writes it
/// (Polyak's heavy ball, "momentum"):
///
///     v <- mu v - lr grad,     w <- w + v.
///
/// `velocity` is the optimiser's state v: zeros before the first step, and
/// kept by the caller from one step to the next. With mu = 0 this is plain
/// gradient descent.
void momentum_step(nn::Tensor& w, const nn::Tensor& grad, nn::Tensor& velocity, float lr, float mu);

/// The gradient of the loss at a point: gradient(w) returns dL/dw, shaped as w.
using GradientFn = std::function<nn::Tensor(const nn::Tensor&)>;

/// Exercise 2. Nesterov's accelerated gradient in the book's first form
/// ("Nesterov's look-ahead"): the gradient is taken where the velocity is
/// about to carry w, not at w itself:
///
///     v <- mu v - lr gradient(w + mu v),     w <- w + v.
///
/// Call `gradient` exactly once per step. (The library's nn::Nesterov stores
/// the look-ahead point w + mu v instead of w; yours stores w itself.)
void nesterov_step(nn::Tensor& w, nn::Tensor& velocity, const GradientFn& gradient, float lr,
                   float mu);

/// Adam's state for one tensor of weights.
struct AdamState {
  nn::Tensor m;  // moving average of the gradient (first moment), shaped as w
  nn::Tensor v;  // moving average of its square (second moment), shaped as w
  int t = 0;     // steps taken so far
};

/// Exercise 3. One step of Adam (Kingma and Ba 2015, Algorithm 1; book, "Adam"):
///
///     t <- t + 1
///     m <- beta1 m + (1 - beta1) grad,      v <- beta2 v + (1 - beta2) grad^2
///     m^ = m / (1 - beta1^t),               v^ = v / (1 - beta2^t)
///     w <- w - lr m^ / (sqrt(v^) + eps)
///
/// A fresh AdamState has empty m and v: make them zeros shaped as w first.
/// On the first step m^ = grad and v^ = grad^2, so every weight moves by
/// almost exactly lr, against the sign of its gradient. Compute the bias
/// corrections 1 - beta^t in double: for small t they are tiny.
void adam_step(nn::Tensor& w, const nn::Tensor& grad, AdamState& state, float lr,
               float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f);

}  // namespace ex05
