#pragma once
// Optimisers, book chapter 01 (SGD) and chapter 05 (the rest). An optimiser
// holds the parameters it updates, as torch.optim does.
#include <vector>

#include "nn/layer.hpp"

namespace nn {

class Optimizer {
 public:
  Optimizer(std::vector<Parameter> parameters, float learning_rate);
  virtual ~Optimizer() = default;
  /// Updates every parameter from its gradient.
  virtual void step() = 0;
  /// Sets every gradient to zero (gradients accumulate across backward calls).
  void zero_grad();
  float learning_rate;

 protected:
  std::vector<Parameter> parameters_;
};

/// Plain gradient descent: w <- w - eta * dL/dw.
class SGD : public Optimizer {
 public:
  using Optimizer::Optimizer;
  void step() override;
};

/// Gradient descent with momentum, as the book writes it (chapter 05):
///   v <- mu v - eta dL/dw;   w <- w + v.
/// The velocity v remembers past steps, so a consistent slope is followed
/// faster and a zig-zag across a ravine cancels out.
class Momentum : public Optimizer {
 public:
  Momentum(std::vector<Parameter> parameters, float learning_rate, float momentum = 0.9f);
  void step() override;
  float momentum;

 private:
  std::vector<Tensor> velocity_;
};

}  // namespace nn
