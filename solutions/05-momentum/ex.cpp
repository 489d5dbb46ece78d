// Chapter 05 model answers. The tasks are in exercises/05-momentum/ex.hpp.
#include "05-momentum/ex.hpp"

#include <cmath>
#include <string>

#include "nn/errors.hpp"

namespace ex05 {

static void check_shape(const nn::Tensor& w, const nn::Tensor& t, const std::string& what) {
  if (t.shape() != w.shape())
    throw nn::ShapeError(what + " has shape " + nn::to_string(t.shape()) + ", w has " +
                         nn::to_string(w.shape()));
}

void momentum_step(nn::Tensor& w, const nn::Tensor& grad, nn::Tensor& velocity, float lr,
                   float mu) {
  check_shape(w, grad, "grad");
  check_shape(w, velocity, "velocity");
  for (std::size_t i = 0; i < w.size(); ++i) {
    velocity[i] = mu * velocity[i] - lr * grad[i];  // remember past steps, add this one
    w[i] += velocity[i];
  }
}

void nesterov_step(nn::Tensor& w, nn::Tensor& velocity, const GradientFn& gradient, float lr,
                   float mu) {
  check_shape(w, velocity, "velocity");
  nn::Tensor ahead = w;  // where the velocity alone would carry w
  for (std::size_t i = 0; i < w.size(); ++i) ahead[i] += mu * velocity[i];
  const nn::Tensor g = gradient(ahead);
  check_shape(w, g, "the gradient");
  for (std::size_t i = 0; i < w.size(); ++i) {
    velocity[i] = mu * velocity[i] - lr * g[i];
    w[i] += velocity[i];
  }
}

void adam_step(nn::Tensor& w, const nn::Tensor& grad, AdamState& state, float lr, float beta1,
               float beta2, float eps) {
  check_shape(w, grad, "grad");
  if (state.m.empty()) state.m = nn::Tensor(w.shape());
  if (state.v.empty()) state.v = nn::Tensor(w.shape());
  check_shape(w, state.m, "state.m");
  check_shape(w, state.v, "state.v");
  ++state.t;
  const double correction1 = 1 - std::pow(double{beta1}, state.t);
  const double correction2 = 1 - std::pow(double{beta2}, state.t);
  for (std::size_t i = 0; i < w.size(); ++i) {
    state.m[i] = beta1 * state.m[i] + (1 - beta1) * grad[i];
    state.v[i] = beta2 * state.v[i] + (1 - beta2) * grad[i] * grad[i];
    const double m_hat = state.m[i] / correction1;  // undo the pull towards the zero start
    const double v_hat = state.v[i] / correction2;
    w[i] -= static_cast<float>(lr * m_hat / (std::sqrt(v_hat) + eps));
  }
}

}  // namespace ex05
