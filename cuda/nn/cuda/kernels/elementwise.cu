#include "nn/cuda/check.hpp"
#include "nn/cuda/kernels/elementwise.hpp"
#include "nn/cuda/kernels/launch.cuh"

namespace nn::cuda {
namespace {

//! [relu-kernels]
__global__ void relu_forward_kernel(const float* x, float* y, std::size_t n) {
  NN_GRID_STRIDE_LOOP(i, n) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

__global__ void relu_backward_kernel(const float* x, const float* dy, float* dx, std::size_t n) {
  NN_GRID_STRIDE_LOOP(i, n) dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
}
//! [relu-kernels]

__global__ void sigmoid_forward_kernel(const float* x, float* y, std::size_t n) {
  NN_GRID_STRIDE_LOOP(i, n) y[i] = 1.0f / (1.0f + expf(-x[i]));
}

__global__ void sigmoid_backward_kernel(const float* y, const float* dy, float* dx, std::size_t n) {
  NN_GRID_STRIDE_LOOP(i, n) dx[i] = dy[i] * y[i] * (1.0f - y[i]);
}

__global__ void tanh_forward_kernel(const float* x, float* y, std::size_t n) {
  NN_GRID_STRIDE_LOOP(i, n) y[i] = tanhf(x[i]);
}

__global__ void tanh_backward_kernel(const float* y, const float* dy, float* dx, std::size_t n) {
  NN_GRID_STRIDE_LOOP(i, n) dx[i] = dy[i] * (1.0f - y[i] * y[i]);
}

__global__ void fill_kernel(float* x, float value, std::size_t n) {
  NN_GRID_STRIDE_LOOP(i, n) x[i] = value;
}

__global__ void axpy_kernel(float alpha, const float* x, float* y, std::size_t n) {
  NN_GRID_STRIDE_LOOP(i, n) y[i] += alpha * x[i];
}

__global__ void add_row_bias_kernel(float* y, const float* bias, std::size_t rows,
                                    std::size_t cols) {
  NN_GRID_STRIDE_LOOP(i, rows * cols) y[i] += bias[i % cols];
}

__global__ void add_kernel(const float* a, const float* b, float* y, std::size_t n) {
  NN_GRID_STRIDE_LOOP(i, n) y[i] = a[i] + b[i];
}

}  // namespace

#define NN_LAUNCH_ELEMENTWISE(kernel, n, ...)         \
  do {                                                \
    if ((n) == 0) return;                             \
    kernel<<<blocks_for(n), kThreads>>>(__VA_ARGS__); \
    NN_CUDA_CHECK_LAUNCH(#kernel);                    \
  } while (0)

void relu_forward(const float* x, float* y, std::size_t n) {
  NN_LAUNCH_ELEMENTWISE(relu_forward_kernel, n, x, y, n);
}
void relu_backward(const float* x, const float* dy, float* dx, std::size_t n) {
  NN_LAUNCH_ELEMENTWISE(relu_backward_kernel, n, x, dy, dx, n);
}
void sigmoid_forward(const float* x, float* y, std::size_t n) {
  NN_LAUNCH_ELEMENTWISE(sigmoid_forward_kernel, n, x, y, n);
}
void sigmoid_backward(const float* y, const float* dy, float* dx, std::size_t n) {
  NN_LAUNCH_ELEMENTWISE(sigmoid_backward_kernel, n, y, dy, dx, n);
}
void tanh_forward(const float* x, float* y, std::size_t n) {
  NN_LAUNCH_ELEMENTWISE(tanh_forward_kernel, n, x, y, n);
}
void tanh_backward(const float* y, const float* dy, float* dx, std::size_t n) {
  NN_LAUNCH_ELEMENTWISE(tanh_backward_kernel, n, y, dy, dx, n);
}
void fill(float* x, float value, std::size_t n) {
  NN_LAUNCH_ELEMENTWISE(fill_kernel, n, x, value, n);
}
void axpy(float alpha, const float* x, float* y, std::size_t n) {
  NN_LAUNCH_ELEMENTWISE(axpy_kernel, n, alpha, x, y, n);
}
void add_row_bias(float* y, const float* bias, int rows, int cols) {
  const std::size_t n = std::size_t(rows) * cols;
  NN_LAUNCH_ELEMENTWISE(add_row_bias_kernel, n, y, bias, std::size_t(rows), std::size_t(cols));
}
void add(const float* a, const float* b, float* y, std::size_t n) {
  NN_LAUNCH_ELEMENTWISE(add_kernel, n, a, b, y, n);
}

}  // namespace nn::cuda
