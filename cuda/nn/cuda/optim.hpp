#pragma once
// Optimisers on the GPU: the state (velocity, moments) lives on the device
// beside the weights; one kernel launch per parameter tensor per step.
// Same hyper-parameters and the same update formulas as lib/nn/optim/.
#include <vector>

#include "nn/cuda/layer.hpp"

namespace nn::cuda {

class Optimizer {
 public:
  Optimizer(std::vector<DeviceParameter> parameters, float learning_rate);
  virtual ~Optimizer() = default;
  virtual void step() = 0;
  void zero_grad();
  float learning_rate;
  float weight_decay = 0.0f;  // L2 lambda, as nn::Optimizer::weight_decay

 protected:
  std::vector<DeviceTensor> zero_state() const;
  std::vector<DeviceParameter> parameters_;
};

/// w -= lr (g + lambda w).
class SGD : public Optimizer {
 public:
  using Optimizer::Optimizer;
  void step() override;
};

/// v = mu v - lr g;  w += v  (nn::Momentum).
class Momentum : public Optimizer {
 public:
  Momentum(std::vector<DeviceParameter> parameters, float learning_rate, float momentum = 0.9f);
  void step() override;
  float momentum;

 private:
  std::vector<DeviceTensor> velocity_;
};

/// nn::Adam (Kingma and Ba 2015), torch's defaults.
class Adam : public Optimizer {
 public:
  Adam(std::vector<DeviceParameter> parameters, float learning_rate = 1e-3f, float beta1 = 0.9f,
       float beta2 = 0.999f, float eps = 1e-8f);
  void step() override;
  float beta1, beta2, eps;

 private:
  int t_ = 0;
  std::vector<DeviceTensor> m_, v_;
};

}  // namespace nn::cuda
