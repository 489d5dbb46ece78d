#include "nn/optim.hpp"

namespace nn {

Optimizer::Optimizer(std::vector<Parameter> parameters, float lr)
    : learning_rate(lr), parameters_(std::move(parameters)) {}

void Optimizer::zero_grad() {
  for (auto& p : parameters_) p.grad->fill(0.0f);
}

void SGD::step() {
  for (auto& p : parameters_) {
    float* w = p.value->data();
    const float* g = p.grad->data();
    for (std::size_t i = 0; i < p.value->size(); ++i) w[i] -= learning_rate * g[i];
  }
}

Momentum::Momentum(std::vector<Parameter> parameters, float lr, float mu)
    : Optimizer(std::move(parameters), lr), momentum(mu) {
  for (auto& p : parameters_) velocity_.emplace_back(p.value->shape());
}

void Momentum::step() {
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    float* w = parameters_[k].value->data();
    const float* g = parameters_[k].grad->data();
    float* v = velocity_[k].data();
    for (std::size_t i = 0; i < velocity_[k].size(); ++i) {
      v[i] = momentum * v[i] - learning_rate * g[i];
      w[i] += v[i];
    }
  }
}

}  // namespace nn
