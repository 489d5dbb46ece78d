#pragma once
// Chapter 10 exercises: freezing layers, features at an intermediate layer,
// the linear SVM's hinge-loss step. Book page: book/10-transfer-learning.md.
//
// Write the bodies in exercises/10-transfer-learning/ex.cpp; the tests are
// tests/exercises/ch10_test.cpp (`build/tests/exercise_tests "[ch10]"`).
#include <cstddef>

#include "nn/sequential.hpp"
#include "nn/tensor.hpp"

namespace ex10 {

/// Exercise 1. Freezing (book, "fine-tuning the top block"): make layers
/// 0 .. k-1 of `model` frozen (Layer::set_trainable(false)) and every later
/// layer trainable, whatever they were before. k = 0 unfreezes everything,
/// k = model.size() freezes everything. Return the number of parameter
/// values (weights and biases) left trainable. Throws nn::Error if k is
/// below 0 or above model.size().
std::size_t freeze_first(nn::Sequential& model, int k);

/// Exercise 2. Features at an intermediate layer (book, "the trick"): run
/// `x` through layers 0 .. `last` of `model` in inference mode (batch norm
/// with its running statistics, no dropout) and return the activations after
/// layer `last`, each sample flattened to one row: [N, features]. Leave the
/// model in the mode it was in. Throws nn::Error if `last` is not a layer index.
nn::Tensor features_at(nn::Sequential& model, const nn::Tensor& x, int last);

/// Exercise 3. One gradient-descent step of a linear SVM (book, "a linear
/// SVM on the features"). x is [N, D], y holds labels -1 or +1 ([N]), w is
/// [D] and b a number; the loss is
///
///     L = lambda/2 |w|^2 + 1/N sum_i max(0, 1 - y_i (w.x_i + b)),
///
/// whose (sub)gradient counts only the samples inside the margin
/// (1 - y_i s_i > 0): dL/dw = lambda w - 1/N sum y_i x_i, dL/db = -1/N sum y_i.
/// Update w -= lr dL/dw, b -= lr dL/db, and return L before the step.
float svm_step(nn::Tensor& w, float& b, const nn::Tensor& x, const nn::Tensor& y, float lr,
               float lambda);

}  // namespace ex10
