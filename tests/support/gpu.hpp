#pragma once
// Support for the [gpu] tests (tests/cuda/): skipping where there is no
// device, and comparing a GPU result with its CPU oracle.
//
// Catch2 v2 has no SKIP, so a test without a device prints a WARN that says
// "no CUDA device" and returns; tools/check_stubs_fail and the reader see the
// skip in the output instead of a silent pass.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "nn/cuda/check.hpp"
#include "nn/cuda/layer.hpp"
#include "nn/layer.hpp"
#include "nn/tensor.hpp"
#include "support/random_tensor.hpp"

#define NN_REQUIRE_CUDA_DEVICE()                          \
  do {                                                    \
    if (!::nn::cuda::device_available()) {                \
      WARN("no CUDA device: this [gpu] test is skipped"); \
      return;                                             \
    }                                                     \
  } while (0)

namespace nn::test {

/// max |a - b| / max |b|: the error relative to the size of the oracle `b`
/// (elementwise relative error is meaningless where b crosses zero).
/// Infinite if the shapes differ or a value is NaN.
inline double relative_difference(const Tensor& a, const Tensor& b) {
  if (a.shape() != b.shape()) return INFINITY;
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) || std::isnan(b[i])) return INFINITY;
    diff = std::max(diff, double(std::fabs(a[i] - b[i])));
    scale = std::max(scale, double(std::fabs(b[i])));
  }
  return diff / std::max(scale, 1e-30);
}

/// Forward, backward and every parameter gradient of a GPU layer against its
/// CPU twin (the oracle), each within `tolerance` (relative_difference).
/// Both start from the same weights: build `gpu` from `cpu` before calling.
///
/// `zero_gradients` names parameters whose gradient is zero in exact
/// arithmetic: the bias of a convolution that batch norm follows (batch norm
/// subtracts each channel's mean, and the bias with it). Both machines return
/// rounding noise there, different noise, and the relative difference of two
/// noises means nothing; those gradients must instead be tiny on both sides,
/// within `tolerance` of the layer's largest gradient.
inline void compare_layer(nn::Layer& cpu, cuda::Layer& gpu, const Tensor& x, double tolerance,
                          const std::vector<std::string>& zero_gradients = {}) {
  Rng rng(12);
  const Tensor y = cpu.forward(x);
  const Tensor dy = random_tensor(y.shape(), rng);
  cpu.zero_grad();
  const Tensor dx = cpu.backward(dy);
  cuda::DeviceTensor dx_in(x), ddy(dy);
  CHECK(relative_difference(gpu.forward(dx_in).to_host(), y) < tolerance);
  CHECK(relative_difference(gpu.backward(ddy).to_host(), dx) < tolerance);
  const auto cpu_params = cpu.parameters();
  const auto gpu_params = gpu.parameters();
  REQUIRE(cpu_params.size() == gpu_params.size());
  auto largest = [](const Tensor& t) {
    double m = 0;
    for (float v : t.values()) m = std::max(m, double(std::fabs(v)));
    return m;
  };
  double scale = 0;
  for (const auto& p : cpu_params) scale = std::max(scale, largest(*p.grad));
  for (std::size_t i = 0; i < cpu_params.size(); ++i) {
    INFO(cpu.name() << " gradient of " << cpu_params[i].name);
    CHECK(gpu_params[i].name == cpu_params[i].name);
    const Tensor g = gpu_params[i].grad->to_host();
    if (std::find(zero_gradients.begin(), zero_gradients.end(), cpu_params[i].name) !=
        zero_gradients.end()) {
      CHECK(largest(g) <= tolerance * scale);
      CHECK(largest(*cpu_params[i].grad) <= tolerance * scale);
    } else {
      CHECK(relative_difference(g, *cpu_params[i].grad) < tolerance);
    }
  }
}

}  // namespace nn::test
