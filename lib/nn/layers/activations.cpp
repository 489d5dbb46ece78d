#include "nn/layers/activations.hpp"

#include <cmath>

#include "nn/errors.hpp"

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

Tensor ReLU::forward(const Tensor& x) {
  input_ = x;
  return map(x, [](float v) { return v > 0.0f ? v : 0.0f; });
}

//! [relu-backward]
Tensor ReLU::backward(const Tensor& dy) {
  check_backward(name(), input_, dy);
  Tensor dx(dy.shape());
  for (std::size_t i = 0; i < dy.size(); ++i) dx[i] = input_[i] > 0.0f ? dy[i] : 0.0f;
  return dx;
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
