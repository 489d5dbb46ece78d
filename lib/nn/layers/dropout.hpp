#pragma once
// Inverted dropout, book chapters 06 and 07. In training mode each unit is
// kept with probability 1 - p and dropped (set to 0) with probability p, and
// the kept units are scaled by 1 / (1 - p):
//
//     y = x * m / (1 - p),   m ~ Bernoulli(1 - p) elementwise,   E[y] = x.
//
// Because the expected output already equals the input, inference needs no
// correction: in inference mode (set_training(false)) the layer is the
// identity. backward applies the same mask and scale: dx = dy * m / (1 - p).
//
// The layer owns its random generator, so a run is reproducible from its
// seed. Pass rng.split() rather than rng when the model's other layers draw
// from the same generator, so that the masks are an independent stream.
// No GPU twin yet: cuda::Sequential refuses a model with Dropout and names it
// (cuda/nn/cuda/sequential.cpp says how to add one).
#include "nn/layer.hpp"
#include "nn/random.hpp"

namespace nn {

class Dropout : public Layer {
 public:
  /// `rate` = p, the probability of DROPPING a unit, in [0, 1).
  Dropout(float rate, Rng rng);

  std::string name() const override;  // "Dropout(0.5)"
  /// Training mode: draws a fresh mask (unless frozen) and applies it.
  /// Inference mode: returns x unchanged.
  Tensor forward(const Tensor& x) override;
  Tensor backward(const Tensor& grad_output) override;

  /// Applies a given mask (1 = keep, 0 = drop; same shape as x) as in
  /// training mode, whatever the mode; backward then uses that mask.
  Tensor forward_with_mask(const Tensor& x, const Tensor& mask);
  /// The mask of the last training-mode forward: 1 where kept, 0 where dropped.
  const Tensor& mask() const { return mask_; }
  /// While frozen, forward reuses the last mask instead of drawing a new one
  /// (gradient checking calls forward many times and needs one fixed mask).
  void freeze_mask(bool frozen = true) { frozen_ = frozen; }
  float rate() const { return rate_; }
  Rng* rng() override { return &rng_; }

 private:
  float rate_;
  Rng rng_;
  bool frozen_ = false;
  bool identity_ = false;  // the last forward ran in inference mode
  Tensor mask_;
};

}  // namespace nn
