#pragma once
// Chapter 04 exercises: convolution and pooling. Book page: book/04-conv-pool.md.
//
// Write the bodies in exercises/04-conv-pool/ex.cpp; the tests are
// tests/exercises/ch04_test.cpp (run them: `tools/grade` or
// `build/tests/exercise_tests "[ch04]"`).
//
// Notation (as in the book): an image is [C, H, W] (channels, height, width),
// a batch [N, C, H, W]; a convolution has OC filters stored [OC, C, KH, KW],
// stride S and zero padding P, and its output is OH x OW with
//
//     OH = (H + 2P - KH) / S + 1,    OW = (W + 2P - KW) / S + 1    (rounded down).
//
// Every tensor is row-major: element [c][h][w] of a [C, H, W] tensor is at
// index (c * H + h) * W + w.
#include "nn/tensor.hpp"

namespace ex04 {

/// Exercise 1. The convolution of one image, by loops (book, "The convolution"):
///
///     y[o][oh][ow] = bias[o] + sum over c, i, j of
///                    weight[o][c][i][j] * x[c][oh*S - P + i][ow*S - P + j],
///
/// where a pixel outside the image (in the padding) counts as 0. This is the
/// cross-correlation deep learning calls convolution: the kernel is NOT flipped.
/// image [C, H, W], weight [OC, C, KH, KW], bias [OC] -> [OC, OH, OW].
/// Throw nn::ShapeError if weight's C differs from the image's or bias is not [OC].
nn::Tensor conv2d_forward(const nn::Tensor& image, const nn::Tensor& weight, const nn::Tensor& bias,
                          int stride, int padding);

/// Exercise 2. The backward pass of K x K max pooling with stride S and no
/// padding (book, "Pooling"), without a cache: recompute the forward pass.
///
/// x [N, C, H, W] is the input of the pooling, grad_output [N, C, OH, OW] the
/// gradient of the loss with respect to its output (OH = (H - K) / S + 1).
/// Return dL/dx [N, C, H, W]: each output's gradient goes to the one input that
/// was the maximum of its window, and nowhere else; where windows overlap
/// (S < K), an input that is the maximum of several windows gets the SUM of
/// their gradients. Ties: the FIRST maximum in row-major window order wins
/// (as nn::MaxPool2D and PyTorch do).
nn::Tensor maxpool_backward(const nn::Tensor& x, const nn::Tensor& grad_output, int kernel,
                            int stride);

/// Exercise 3. im2col for one image (book, "im2col"): image [C, H, W] ->
/// columns [C*KH*KW, OH*OW] where
///
///     row r = (c * KH + i) * KW + j,   column q = oh * OW + ow,
///     columns[r][q] = image[c][oh*S - P + i][ow*S - P + j]   (0 in the padding).
///
/// Then weight [OC, C*KH*KW] x columns = the convolution's output [OC, OH*OW].
nn::Tensor im2col(const nn::Tensor& image, int kernel_h, int kernel_w, int stride, int padding);

}  // namespace ex04
