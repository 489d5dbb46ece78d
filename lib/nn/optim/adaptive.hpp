#pragma once
// Per-weight learning rates (book chapter 05): each weight's step is divided
// by the root of its own squared-gradient history, so a steep direction (the
// walls of a ravine) takes small steps and a flat one (its floor) large ones.
// g below is dL/dw, plus lambda w when weight_decay is set. eps is added
// outside the square root, as torch.optim does.
#include <vector>

#include "nn/optim/optimizer.hpp"

namespace nn {

/// AdaGrad (Duchi, Hazan and Singer 2011, "Adaptive subgradient methods"):
///   cache <- cache + g^2;   w <- w - eta g / (sqrt(cache) + eps).
/// The cache only grows, so every step shrinks over time: good for sparse
/// features, too cautious for long deep-network training.
/// torch.optim.Adagrad with its defaults (and eps = 1e-10 as there).
class AdaGrad : public Optimizer {
 public:
  AdaGrad(std::vector<Parameter> parameters, float learning_rate, float eps = 1e-10f);
  void step() override;
  OptimizerState state() override { return {"AdaGrad", {{"cache", &cache_}}}; }
  float eps;

 private:
  std::vector<Tensor> cache_;
};

/// RMSprop (Hinton, Coursera lecture 6e, 2012): AdaGrad with a leaky cache,
/// a moving average of g^2 that forgets old gradients, so steps do not die out:
///   cache <- rho cache + (1 - rho) g^2;   w <- w - eta g / (sqrt(cache) + eps).
/// rho = 0.9 as Hinton, cs231n and Keras use it; this is
/// torch.optim.RMSprop(alpha=rho, eps=eps), whose own default alpha is 0.99.
class RMSprop : public Optimizer {
 public:
  RMSprop(std::vector<Parameter> parameters, float learning_rate, float rho = 0.9f,
          float eps = 1e-8f);
  void step() override;
  OptimizerState state() override { return {"RMSprop", {{"cache", &cache_}}}; }
  float rho;
  float eps;

 private:
  std::vector<Tensor> cache_;
};

}  // namespace nn
