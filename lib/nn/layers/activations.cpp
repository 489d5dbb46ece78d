#include "nn/layers/activations.hpp"

#include <cmath>

#include "nn/errors.hpp"
#include "nn/parallel.hpp"

namespace nn {

//! [sigmoid]
float sigmoid(float x) {
  // Two branches so that exp never overflows: for x < 0 use e^x / (1 + e^x).
  if (x >= 0) return 1.0f / (1.0f + std::exp(-x));
  const float e = std::exp(x);
  return e / (1.0f + e);
}
//! [sigmoid]

// Applies f to every element of x; the shared shape of the forward passes.
template <class F>
static Tensor map(const Tensor& x, F f) {
  Tensor y(x.shape());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = f(x[i]);
  return y;
}

static void check_backward(const std::string& layer, const Tensor& cached, const Tensor& dy) {
  check_shape(layer + " backward", cached.shape(), dy.shape());
}

// Both passes work in place on a tensor handed over (Sequential hands each
// layer's output to the next), so a ReLU costs one read and one write of
// the activations each way, plus a quarter of that for its on/off bytes.
Tensor ReLU::forward(const Tensor& x) { return forward_in_place(x); }

Tensor ReLU::forward_in_place(Tensor x) {
  input_shape_ = x.shape();
  on_.resize(x.size());
  for_ranges(static_cast<std::ptrdiff_t>(x.size()), [&](std::ptrdiff_t begin, std::ptrdiff_t end) {
    // (A byte pointer may alias anything: with __restrict, and the bounds
    // in locals, the compiler vectorises the loop.)
    float* __restrict v = x.data();
    std::uint8_t* __restrict on = on_.data();
    for (std::ptrdiff_t i = begin; i < end; ++i) {
      const bool positive = v[i] > 0.0f;
      on[i] = positive;
      v[i] = positive ? v[i] : 0.0f;  // max(0, x), and 0 for NaN as for any x not > 0
    }
  });
  return x;
}

Tensor ReLU::backward(const Tensor& dy) { return backward_in_place(dy); }

//! [relu-backward]
Tensor ReLU::backward_in_place(Tensor dy) {
  check_shape(name() + " backward", input_shape_, dy.shape());
  for_ranges(static_cast<std::ptrdiff_t>(dy.size()), [&](std::ptrdiff_t begin, std::ptrdiff_t end) {
    float* __restrict d = dy.data();
    const std::uint8_t* __restrict on = on_.data();
    // The gradient passes where the unit was on and is blocked where it was off.
    for (std::ptrdiff_t i = begin; i < end; ++i) d[i] = on[i] ? d[i] : 0.0f;
  });
  return dy;
}
//! [relu-backward]

Tensor Sigmoid::forward(const Tensor& x) {
  output_ = map(x, sigmoid);
  return output_;
}

//! [sigmoid-backward]
Tensor Sigmoid::backward(const Tensor& dy) {
  check_backward(name(), output_, dy);
  Tensor dx(dy.shape());
  for (std::size_t i = 0; i < dy.size(); ++i) dx[i] = dy[i] * output_[i] * (1.0f - output_[i]);
  return dx;
}
//! [sigmoid-backward]

Tensor Tanh::forward(const Tensor& x) {
  output_ = map(x, [](float v) { return std::tanh(v); });
  return output_;
}

Tensor Tanh::backward(const Tensor& dy) {
  check_backward(name(), output_, dy);
  Tensor dx(dy.shape());
  for (std::size_t i = 0; i < dy.size(); ++i) dx[i] = dy[i] * (1.0f - output_[i] * output_[i]);
  return dx;
}

Tensor Step::forward(const Tensor& x) {
  return map(x, [](float v) { return v > 0.0f ? 1.0f : 0.0f; });
}

Tensor Step::backward(const Tensor&) {
  throw Error(
      "Step: the step unit has zero derivative almost everywhere and cannot be trained "
      "by backpropagation (use Sigmoid, Tanh or ReLU)");
}

}  // namespace nn
