#pragma once
// Gradient descent and its two momentum variants (book chapters 01 and 05).
// g below is dL/dw, plus lambda w when weight_decay is set.
#include <vector>

#include "nn/optim/optimizer.hpp"

namespace nn {

/// Plain gradient descent: w <- w - eta g.
class SGD : public Optimizer {
 public:
  using Optimizer::Optimizer;
  void step() override;
  OptimizerState state() override { return {"SGD"}; }
};

/// Gradient descent with momentum, as the book writes it (chapter 05;
/// Polyak 1964, "heavy ball"):
///   v <- mu v - eta g;   w <- w + v.
/// The velocity v remembers past steps, so a consistent slope is followed
/// faster and a zig-zag across a ravine cancels out. For a constant eta this
/// is torch.optim.SGD(momentum=mu), whose buffer b = -v / eta.
class Momentum : public Optimizer {
 public:
  Momentum(std::vector<Parameter> parameters, float learning_rate, float momentum = 0.9f);
  void step() override;
  OptimizerState state() override { return {"Momentum", {{"velocity", &velocity_}}}; }
  float momentum;

 private:
  std::vector<Tensor> velocity_;
};

/// Nesterov's accelerated gradient (Nesterov 1983; Sutskever et al. 2013,
/// "On the importance of initialization and momentum in deep learning"):
/// momentum that takes the gradient where the velocity is about to carry w,
///   v <- mu v - eta g(w + mu v);   w <- w + v,
/// so it corrects an overshoot one step earlier than Momentum does.
///
/// The backward pass gives the gradient at the stored parameters only, so the
/// parameters store the look-ahead point u = w + mu v instead of w (cs231n,
/// "Nesterov momentum"). Then g(w + mu v) = g(u), and with v_prev the old v,
///   u' = w' + mu v' = (u - mu v_prev) + v' + mu v' = u - mu v_prev + (1 + mu) v',
/// which is what step() does:
///   v_prev = v;   v <- mu v - eta g(u);   u <- u - mu v_prev + (1 + mu) v.
/// As training converges v -> 0 and u -> w. For a constant eta this is
/// torch.optim.SGD(momentum=mu, nesterov=True).
class Nesterov : public Optimizer {
 public:
  Nesterov(std::vector<Parameter> parameters, float learning_rate, float momentum = 0.9f);
  void step() override;
  OptimizerState state() override { return {"Nesterov", {{"velocity", &velocity_}}}; }
  float momentum;

 private:
  std::vector<Tensor> velocity_;
};

}  // namespace nn
