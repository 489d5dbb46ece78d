// Chapter 06 model answers. The tasks are in exercises/06-dropout/ex.hpp.
#include "06-dropout/ex.hpp"

namespace ex06 {

nn::Tensor dropout_forward(const nn::Tensor& x, const nn::Tensor& mask, float p) {
  nn::check_shape("dropout_forward mask", x.shape(), mask.shape());
  const float scale = 1.0f / (1.0f - p);  // kept units are scaled up: E[y] = x
  nn::Tensor y(x.shape());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] * mask[i] * scale;
  return y;
}

nn::Tensor dropout_backward(const nn::Tensor& dy, const nn::Tensor& mask, float p) {
  // y = x m / (1 - p) is linear in x: dy/dx is the same mask and scale.
  return dropout_forward(dy, mask, p);
}

float l2_penalty(const std::vector<nn::Tensor>& weights, float lambda) {
  double sum = 0.0;
  for (const nn::Tensor& w : weights)
    for (float v : w.values()) sum += static_cast<double>(v) * v;
  return static_cast<float>(0.5 * lambda * sum);
}

void sgd_step_with_weight_decay(nn::Tensor& w, const nn::Tensor& g, float lr, float lambda) {
  nn::check_shape("sgd_step_with_weight_decay gradient", w.shape(), g.shape());
  // d/dw (lambda/2 w^2) = lambda w: the penalty adds lambda w to the gradient.
  for (std::size_t i = 0; i < w.size(); ++i) w[i] -= lr * (g[i] + lambda * w[i]);
}

EarlyStop early_stopping(const std::vector<double>& val_losses, int patience) {
  EarlyStop result;
  double best = 0.0;
  for (int epoch = 1; epoch <= static_cast<int>(val_losses.size()); ++epoch) {
    const double loss = val_losses[epoch - 1];
    if (result.best_epoch == 0 || loss < best) best = loss, result.best_epoch = epoch;
    result.stop_epoch = epoch;
    if (epoch - result.best_epoch >= patience) break;
  }
  return result;
}

}  // namespace ex06
