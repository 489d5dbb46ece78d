#pragma once
// Chapter 08 exercises: batch norm, the residual block, augmentation. Book
// page: book/08-cnn-cifar.md.
//
// Write the bodies in exercises/08-cnn-cifar/ex.cpp; the tests are
// tests/exercises/ch08_test.cpp (`build/tests/exercise_tests "[ch08]"`).
#include "nn/sequential.hpp"
#include "nn/tensor.hpp"

namespace ex08 {

/// What batchnorm_forward keeps for batchnorm_backward.
struct BatchNormCache {
  nn::Tensor xhat;     // [N, C, H, W]: (x - mean) / sqrt(var + eps)
  nn::Tensor inv_std;  // [C]: 1 / sqrt(var + eps)
};

/// Exercise 1. Batch norm's forward pass in training mode (book, "batch
/// normalisation"): for each channel c of x [N, C, H, W], over its
/// m = N*H*W values, the mean and the BIASED variance (divide by m), then
///
///     xhat = (x - mean) / sqrt(var + eps),   y = gamma[c] xhat + beta[c].
///
/// gamma and beta have shape [C]. Fill `cache` for the backward pass.
/// Throws nn::ShapeError if x is not 4-D or gamma/beta do not have C elements.
nn::Tensor batchnorm_forward(const nn::Tensor& x, const nn::Tensor& gamma, const nn::Tensor& beta,
                             float eps, BatchNormCache& cache);

/// Exercise 2. Batch norm's backward pass in training mode (book, "the
/// backward pass"): given dy = dL/dy [N, C, H, W], set dgamma = sum(dy xhat)
/// and dbeta = sum(dy) per channel ([C] each) and return
///
///     dx = gamma / sqrt(var + eps) * (dy - mean(dy) - xhat * mean(dy xhat)),
///
/// the means taken per channel over its m values. (The two mean terms are
/// there because every x moves the batch mean and variance.)
nn::Tensor batchnorm_backward(const nn::Tensor& dy, const nn::Tensor& gamma,
                              const BatchNormCache& cache, nn::Tensor& dgamma, nn::Tensor& dbeta);

/// Exercise 3. The residual block's backward pass (book, "residual
/// blocks"). The block computed y = body(x) + shortcut(x), where an EMPTY
/// shortcut (size() == 0) is the identity; forward has just run through
/// both. Return dL/dx for dy = dL/dy, letting body.backward and
/// shortcut.backward accumulate their parameters' gradients.
nn::Tensor residual_backward(nn::Sequential& body, nn::Sequential& shortcut, const nn::Tensor& dy);

/// Exercise 4. Random crop with padding, for given offsets (book, "data
/// augmentation"): pad `image` [1, C, H, W] with `pad` zeros on every side,
/// then return the H x W window whose top-left corner is at (top, left) of
/// the padded image, 0 <= top, left <= 2 pad ([1, C, H, W]). top = left =
/// pad returns the image unchanged. Throws nn::ShapeError if image is not
/// [1, C, H, W] and nn::Error if an offset is out of range.
nn::Tensor random_crop(const nn::Tensor& image, int pad, int top, int left);

}  // namespace ex08
