#pragma once
// Elementwise kernels (book chapter 09, "One thread per element"): the GPU
// halves of the activations in lib/nn/layers/activations.cpp and of the small
// vector operations the layers need. Every pointer is DEVICE memory; n is the
// element count. Each launch is checked (nn/cuda/check.hpp).
#include <cstddef>

namespace nn::cuda {

/// y = max(0, x).
void relu_forward(const float* x, float* y, std::size_t n);
/// dx = dy where x > 0, else 0 (relu'(0) = 0, as on the CPU).
void relu_backward(const float* x, const float* dy, float* dx, std::size_t n);
/// y = 1 / (1 + e^-x).
void sigmoid_forward(const float* x, float* y, std::size_t n);
/// dx = dy * y * (1 - y), from the forward's output y.
void sigmoid_backward(const float* y, const float* dy, float* dx, std::size_t n);
/// y = tanh(x).
void tanh_forward(const float* x, float* y, std::size_t n);
/// dx = dy * (1 - y^2), from the forward's output y.
void tanh_backward(const float* y, const float* dy, float* dx, std::size_t n);

/// x[i] = value.
void fill(float* x, float value, std::size_t n);
/// y[i] += alpha * x[i].
void axpy(float alpha, const float* x, float* y, std::size_t n);
/// y [rows, cols] += bias [cols] on every row (Dense: x W^T + b).
void add_row_bias(float* y, const float* bias, int rows, int cols);
/// y[i] = a[i] + b[i] (a residual block's two paths, forward and backward).
void add(const float* a, const float* b, float* y, std::size_t n);

}  // namespace nn::cuda
