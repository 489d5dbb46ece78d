#pragma once
// Chapter 07 exercises: the ConvNet and what it learned. Book page:
// book/07-cnn-mnist.md.
//
// Write the bodies in exercises/07-cnn-mnist/ex.cpp; the tests are
// tests/exercises/ch07_test.cpp (`build/tests/exercise_tests "[ch07]"`).
#include <vector>

#include "nn/random.hpp"
#include "nn/sequential.hpp"
#include "nn/tensor.hpp"

namespace ex07 {

/// Exercise 1. Build the course's ConvNet with nn::Sequential, layer for
/// layer as the Keras code reads (book, "the model"), for [N, 1, 28, 28]
/// input, drawing every initial weight from `rng`:
///
///     Conv2D(1 -> 32, 3x3), ReLU, MaxPool2D(2x2),
///     Conv2D(32 -> 64, 3x3), ReLU, MaxPool2D(2x2),
///     Flatten, Dense(? -> 128), ReLU, Dense(128 -> 10)
///
/// Work out the size "?" that Flatten produces (the test checks the output
/// shape [N, 10] and the parameter count, 225,034).
nn::Sequential build_convnet(nn::Rng& rng);

/// Exercise 2. The output size of a convolution or pooling window along one
/// dimension (book, "shapes through the network"): input size `in`, window
/// `kernel`, `stride`, zero `padding` on both sides:
///
///     out = floor((in + 2 padding - kernel) / stride) + 1.
///
/// Throws nn::ShapeError if the padded input is smaller than the window.
int output_size(int in, int kernel, int stride, int padding);

/// Exercise 3. The confusion matrix (book, "reading the mistakes"):
/// counts[t][p] is the number of samples whose true class is t and whose
/// predicted class (the argmax of that row of `scores` [N, C]) is p.
/// `labels` holds the N true classes. Throws nn::ShapeError if the sizes
/// disagree.
std::vector<std::vector<int>> confusion_counts(const nn::Tensor& scores,
                                               const std::vector<int>& labels);

/// Exercise 4. The `k` most confident mistakes (book, "reading the mistakes"):
/// among the samples whose argmax of `probabilities` [N, C] is not their
/// label, the indices of the k with the highest predicted probability,
/// most confident first (fewer than k if there are fewer mistakes; ties keep
/// the lower index first).
std::vector<int> most_confident_mistakes(const nn::Tensor& probabilities,
                                         const std::vector<int>& labels, int k);

}  // namespace ex07
