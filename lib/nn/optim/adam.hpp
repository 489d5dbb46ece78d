#pragma once
// Adam and AdamW (book chapters 05 and 06): momentum and RMSprop together.
#include <vector>

#include "nn/optim/optimizer.hpp"

namespace nn {

/// Adam (Kingma and Ba 2015, "Adam: a method for stochastic optimization",
/// Algorithm 1). At step t = 1, 2, ..., with g = dL/dw (+ lambda w, L2):
///   m <- beta1 m + (1 - beta1) g            moving average of g   (momentum)
///   v <- beta2 v + (1 - beta2) g^2          moving average of g^2 (RMSprop)
///   m^ = m / (1 - beta1^t);  v^ = v / (1 - beta2^t)
///   w <- w - eta m^ / (sqrt(v^) + eps).
/// m and v start at 0, so early averages are too small; dividing by
/// 1 - beta^t (the bias correction) undoes that exactly. Computed as
/// torch.optim.Adam computes it (same defaults, eps outside the root).
///
/// weight_decay here is L2: lambda w is added to g and then divided by
/// sqrt(v^) like the rest of the gradient, so a weight with large gradients
/// is hardly decayed at all. AdamW decouples the two.
class Adam : public Optimizer {
 public:
  Adam(std::vector<Parameter> parameters, float learning_rate = 1e-3f, float beta1 = 0.9f,
       float beta2 = 0.999f, float eps = 1e-8f);
  void step() override;
  //! [adam-state]
  OptimizerState state() override {
    return {decoupled_decay_ ? "AdamW" : "Adam", {{"m", &m_}, {"v", &v_}}, {{"t", &t_}}};
  }
  //! [adam-state]
  float beta1, beta2, eps;

 protected:
  bool decoupled_decay_ = false;  // true in AdamW

 private:
  int t_ = 0;  // steps taken, for the bias correction
  std::vector<Tensor> m_, v_;
};

/// AdamW (Loshchilov and Hutter 2019, "Decoupled weight decay
/// regularization"): Adam whose weight decay shrinks w directly,
///   w <- w - eta lambda w,   then Adam's step with g = dL/dw alone,
/// as torch.optim.AdamW does (default lambda = 0.01 as there). Each weight
/// now shrinks by the same factor 1 - eta lambda per step, whatever its
/// gradient history: the decay means what it means for SGD, whereas Adam's
/// L2 term is rescaled by 1 / sqrt(v^) (with no loss gradient at all, Adam +
/// L2 moves w by about eta per step whatever lambda is).
class AdamW : public Adam {
 public:
  AdamW(std::vector<Parameter> parameters, float learning_rate = 1e-3f, float weight_decay = 1e-2f,
        float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f);
};

}  // namespace nn
