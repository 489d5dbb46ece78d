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

}  // namespace nn
