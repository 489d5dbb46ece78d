#include "nn/optim/optimizer.hpp"

namespace nn {

Optimizer::Optimizer(std::vector<Parameter> parameters, float lr)
    : learning_rate(lr), parameters_(std::move(parameters)) {}

void Optimizer::zero_grad() {
  for (auto& p : parameters_) p.grad->fill(0.0f);
}

float Optimizer::decay_for(const Parameter& p) const {
  const bool is_bias = p.name.ends_with("bias");
  return is_bias && !decay_biases ? 0.0f : weight_decay;
}

std::vector<Tensor> Optimizer::zero_state() const {
  std::vector<Tensor> state;
  for (const auto& p : parameters_) state.emplace_back(p.value->shape());
  return state;
}

}  // namespace nn
