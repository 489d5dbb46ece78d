#pragma once
// The base of every optimiser: the parameters, the learning rate and the
// L2 weight decay they share (book chapters 05 and 06).
#include <string>
#include <utility>
#include <vector>

#include "nn/layer.hpp"

namespace nn {

/// What step() carries from one call to the next, exposed so that a
/// checkpoint (nn/checkpoint.hpp) can save it and a resumed run continue
/// exactly. Pointers into the optimiser, as Parameter points into a layer.
struct OptimizerState {
  std::string kind;  // "Momentum", "Adam", ...: a checkpoint only loads into the same kind
  /// Per-parameter buffers by name ("velocity", "m", "v"): one tensor per
  /// parameter, in parameters() order.
  std::vector<std::pair<std::string, std::vector<Tensor>*>> buffers{};
  /// Counters by name (Adam's step count "t").
  std::vector<std::pair<std::string, int*>> counters{};
};

class Optimizer {
 public:
  Optimizer(std::vector<Parameter> parameters, float learning_rate);
  virtual ~Optimizer() = default;
  /// Updates every parameter from its gradient, but a frozen one
  /// (Parameter::trainable, book chapter 10), which it leaves as it is.
  virtual void step() = 0;
  /// Sets every gradient to zero (gradients accumulate across backward calls).
  void zero_grad();
  const std::vector<Parameter>& parameters() const { return parameters_; }
  /// The buffers and counters step() keeps (none for plain SGD). The
  /// learning rate is saved beside them, since schedules change it.
  virtual OptimizerState state() = 0;

  /// eta in the book; schedules (nn/schedule.hpp) change it between steps.
  float learning_rate;
  /// L2 regularisation lambda (chapter 06): step() uses the gradient of
  /// L + lambda/2 |w|^2, that is g + lambda w, in place of g, as the
  /// weight_decay of torch.optim.SGD, Adam, ... does. AdamW decays differently
  /// (see there). 0, the default, leaves the update as it was.
  float weight_decay = 0.0f;
  /// Whether weight decay applies to biases too (the default, as in torch).
  /// Set it to false to decay only weights: a bias shifts a unit's output
  /// rather than scaling an input, so shrinking it does not make the function
  /// smoother, and common practice leaves biases undecayed. A bias is a
  /// parameter whose name ends in "bias" ("bias", "0.bias", ...).
  bool decay_biases = true;

 protected:
  /// The lambda for `p`: weight_decay, or 0 for a bias when decay_biases is false.
  float decay_for(const Parameter& p) const;
  /// One zero tensor per parameter, of its shape: an optimiser's state
  /// (velocity, squared-gradient cache, moments).
  std::vector<Tensor> zero_state() const;

  std::vector<Parameter> parameters_;
};

}  // namespace nn
