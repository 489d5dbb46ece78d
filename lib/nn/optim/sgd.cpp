#include "nn/optim/sgd.hpp"

namespace nn {

void SGD::step() {
  for (auto& p : parameters_) {
    if (!p.trainable()) continue;  // frozen (book chapter 10)
    float* w = p.value->data();
    const float* dw = p.grad->data();
    const float lambda = decay_for(p);
    for (std::size_t i = 0; i < p.value->size(); ++i)
      w[i] -= learning_rate * (dw[i] + lambda * w[i]);
  }
}

Momentum::Momentum(std::vector<Parameter> parameters, float lr, float mu)
    : Optimizer(std::move(parameters), lr), momentum(mu), velocity_(zero_state()) {}

//! [momentum-step]
void Momentum::step() {
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    if (!parameters_[k].trainable()) continue;  // frozen (book chapter 10)
    float* w = parameters_[k].value->data();
    const float* dw = parameters_[k].grad->data();
    const float lambda = decay_for(parameters_[k]);
    float* v = velocity_[k].data();
    for (std::size_t i = 0; i < velocity_[k].size(); ++i) {
      const float g = dw[i] + lambda * w[i];
      v[i] = momentum * v[i] - learning_rate * g;
      w[i] += v[i];
    }
  }
}
//! [momentum-step]

Nesterov::Nesterov(std::vector<Parameter> parameters, float lr, float mu)
    : Optimizer(std::move(parameters), lr), momentum(mu), velocity_(zero_state()) {}

//! [nesterov-step]
void Nesterov::step() {
  for (std::size_t k = 0; k < parameters_.size(); ++k) {
    if (!parameters_[k].trainable()) continue;  // frozen (book chapter 10)
    float* u = parameters_[k].value->data();    // the look-ahead point w + mu v
    const float* du = parameters_[k].grad->data();
    const float lambda = decay_for(parameters_[k]);
    float* v = velocity_[k].data();
    for (std::size_t i = 0; i < velocity_[k].size(); ++i) {
      const float g = du[i] + lambda * u[i];
      const float v_prev = v[i];
      v[i] = momentum * v[i] - learning_rate * g;
      u[i] += -momentum * v_prev + (1 + momentum) * v[i];
    }
  }
}
//! [nesterov-step]

}  // namespace nn
