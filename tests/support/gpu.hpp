#pragma once
// Support for the [gpu] tests (tests/cuda/): skipping where there is no
// device, and comparing a GPU result with its CPU oracle.
//
// Catch2 v2 has no SKIP, so a test without a device prints a WARN that says
// "no CUDA device" and returns; tools/check_stubs_fail and the reader see the
// skip in the output instead of a silent pass.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "nn/cuda/check.hpp"
#include "nn/tensor.hpp"

#define NN_REQUIRE_CUDA_DEVICE()                                        \
  do {                                                                  \
    if (!::nn::cuda::device_available()) {                              \
      WARN("no CUDA device: this [gpu] test is skipped");               \
      return;                                                           \
    }                                                                   \
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

}  // namespace nn::test
