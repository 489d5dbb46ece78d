#include "nn/cuda/optim.hpp"

#include <cmath>

#include "nn/cuda/kernels/optim.hpp"

namespace nn::cuda {

Optimizer::Optimizer(std::vector<DeviceParameter> parameters, float lr)
    : learning_rate(lr), parameters_(std::move(parameters)) {}

void Optimizer::zero_grad() {
  for (auto& p : parameters_) p.grad->zero();
}

std::vector<DeviceTensor> Optimizer::zero_state() const {
  std::vector<DeviceTensor> state;
  for (const auto& p : parameters_) {
    state.emplace_back(p.value->shape());
    state.back().zero();
  }
  return state;
}

void SGD::step() {
  for (auto& p : parameters_)
    sgd_step(p.value->data(), p.grad->data(), p.value->size(), learning_rate, weight_decay);
}

Momentum::Momentum(std::vector<DeviceParameter> parameters, float lr, float mu)
    : Optimizer(std::move(parameters), lr), momentum(mu), velocity_(zero_state()) {}

void Momentum::step() {
  for (std::size_t k = 0; k < parameters_.size(); ++k)
    momentum_step(parameters_[k].value->data(), parameters_[k].grad->data(), velocity_[k].data(),
                  parameters_[k].value->size(), learning_rate, momentum, weight_decay);
}

Adam::Adam(std::vector<DeviceParameter> parameters, float lr, float b1, float b2, float eps_)
    : Optimizer(std::move(parameters), lr),
      beta1(b1),
      beta2(b2),
      eps(eps_),
      m_(zero_state()),
      v_(zero_state()) {}

void Adam::step() {
  ++t_;
  // As nn::Adam::step: the bias corrections in double, then rounded to float.
  const AdamConstants c{
      .lr = learning_rate,
      .beta1 = beta1,
      .beta2 = beta2,
      .eps = eps,
      .correction1 = static_cast<float>(1 - std::pow(double{beta1}, t_)),
      .root_correction2 = static_cast<float>(std::sqrt(1 - std::pow(double{beta2}, t_))),
      .l2 = weight_decay,
      .shrink = 1.0f};
  for (std::size_t k = 0; k < parameters_.size(); ++k)
    adam_step(parameters_[k].value->data(), parameters_[k].grad->data(), m_[k].data(), v_[k].data(),
              parameters_[k].value->size(), c);
}

}  // namespace nn::cuda
