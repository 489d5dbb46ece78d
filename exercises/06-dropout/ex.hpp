#pragma once
// Chapter 06 exercises: regularisation. Book page: book/06-dropout.md.
//
// Write the bodies in exercises/06-dropout/ex.cpp; the tests are
// tests/exercises/ch06_test.cpp (run them: `tools/grade` or
// `build/tests/exercise_tests "[ch06]"`).
#include <vector>

#include "nn/tensor.hpp"

namespace ex06 {

/// Exercise 1a. Inverted dropout, forward, with a given mask (book,
/// "inverted dropout"). `mask` has the shape of x and holds 1 (keep the
/// unit) or 0 (drop it); p in [0, 1) is the probability of dropping. Returns
///
///     y = x * mask / (1 - p)     (elementwise),
///
/// so that E[y] = x and the network needs no change at inference time.
/// Throws nn::ShapeError if mask and x differ in shape.
nn::Tensor dropout_forward(const nn::Tensor& x, const nn::Tensor& mask, float p);

/// Exercise 1b. Its backward pass: y is linear in x, so
///
///     dx = dy * mask / (1 - p).
///
/// Throws nn::ShapeError if mask and dy differ in shape.
nn::Tensor dropout_backward(const nn::Tensor& dy, const nn::Tensor& mask, float p);

/// Exercise 2a. The L2 penalty (book, "L2 regularisation is weight decay")
/// of a list of weight tensors:
///
///     R = (lambda / 2) * sum over every tensor and element of w^2.
///
/// Accumulate the sum in double.
float l2_penalty(const std::vector<nn::Tensor>& weights, float lambda);

/// Exercise 2b. One step of gradient descent on L + R for one weight tensor,
/// given g = dL/dw (the gradient of the data loss alone):
///
///     w <- w - lr * (g + lambda * w)   =   (1 - lr * lambda) w - lr g,
///
/// which is what nn::SGD does with weight_decay = lambda. Updates w in
/// place; throws nn::ShapeError if g and w differ in shape.
void sgd_step_with_weight_decay(nn::Tensor& w, const nn::Tensor& g, float lr, float lambda);

/// When early stopping ends a run, and which epoch's weights it keeps.
struct EarlyStop {
  int stop_epoch = 0;  // the last epoch trained
  int best_epoch = 0;  // the epoch whose weights are restored
};

/// Exercise 3. Early stopping (book, "early stopping"). val_losses[e - 1] is
/// the validation loss after epoch e (epochs count from 1). Training stops
/// after the first epoch e for which `patience` epochs have passed since
/// the best epoch so far, that is e - best >= patience; the best epoch is
/// the one with the lowest loss so far (a tie is not an improvement, so the
/// earlier epoch stays best). If that never happens, every epoch is trained
/// and stop_epoch = val_losses.size(). patience >= 1; an empty list gives
/// {0, 0}.
EarlyStop early_stopping(const std::vector<double>& val_losses, int patience);

}  // namespace ex06
