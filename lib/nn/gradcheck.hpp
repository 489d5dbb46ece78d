#pragma once
// Gradient checking, book chapter 03: compare a layer's (or loss's) analytic
// gradient with central differences
//
//     dL/dw  ~=  (L(w + h) - L(w - h)) / 2h.
//
// For a layer we need a scalar L, so we pick a fixed random upstream gradient
// G and use L(x) = sum(G * forward(x)); then backward(G) must equal dL/dx.
//
// Precision. The library computes in float32, so the numerical estimate has
// two errors: truncation, about h^2/6 |f'''|, and rounding, about
// (float epsilon * |L|) / h. With h = 1e-2 both are near 1e-5..1e-4 for the
// O(1) values the tests use, so we accept |analytic - numeric| <=
// abs_tolerance + rel_tolerance * |numeric| with abs 1e-3 and rel 1e-2: ten
// times above the noise, and far below the O(1) error of a real bug (a
// dropped factor, a transposed weight, a missing term). L is summed in double.
#include <cstdint>
#include <string>
#include <vector>

#include "nn/layer.hpp"
#include "nn/loss.hpp"

namespace nn {

struct GradCheckOptions {
  float step = 1e-2f;
  double abs_tolerance = 1e-3;
  double rel_tolerance = 1e-2;
  /// Check at most this many elements per tensor (chosen at random; all if fewer).
  int max_checks_per_tensor = 400;
  std::uint64_t seed = 1;
};

/// The comparison for one tensor (the input or one parameter).
struct GradCheckResult {
  std::string tensor;        // "input", "weight", "bias", ...
  std::size_t checked = 0;   // elements compared
  std::size_t failed = 0;    // elements outside the tolerance
  double max_abs_error = 0;  // max |analytic - numeric|
  double max_rel_error = 0;  // max |a - n| / max(|a|, |n|, 1e-6)
  std::size_t worst_index = 0;
  double worst_analytic = 0, worst_numeric = 0;
};

struct GradCheckReport {
  std::string subject;  // the layer's or loss's name
  std::vector<GradCheckResult> results;
  bool passed() const;
  /// One line per tensor, for test failure messages and the book.
  std::string to_string() const;
};

/// Checks dL/dx and dL/dparameters of `layer` at input `x`.
GradCheckReport gradcheck(Layer& layer, const Tensor& x, const GradCheckOptions& options = {});
/// Checks dL/dprediction of `loss` at (prediction, target).
GradCheckReport gradcheck(Loss& loss, const Tensor& prediction, const Tensor& target,
                          const GradCheckOptions& options = {});

}  // namespace nn
