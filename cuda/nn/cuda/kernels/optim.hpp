#pragma once
// Optimiser updates on the GPU (book chapter 09): one thread per weight, the
// same arithmetic as lib/nn/optim/sgd.cpp and adam.cpp, in the same order,
// so CPU and GPU agree to float rounding. Device pointers, n weights.
#include <cstddef>

namespace nn::cuda {

/// w -= lr (g + lambda w).
void sgd_step(float* w, const float* g, std::size_t n, float lr, float lambda);
/// v = mu v - lr (g + lambda w);  w += v.
void momentum_step(float* w, const float* g, float* v, std::size_t n, float lr, float mu,
                   float lambda);

/// Adam's per-step constants, computed on the host as nn::Adam::step does.
struct AdamConstants {
  float lr, beta1, beta2, eps;
  float correction1;       // 1 - beta1^t
  float root_correction2;  // sqrt(1 - beta2^t)
  float l2;                // lambda for Adam (added to g), 0 for AdamW
  float shrink;            // 1 - lr lambda for AdamW, 1 for Adam
};
/// w *= shrink;  g' = g + l2 w;  m = b1 m + (1-b1) g';  v = b2 v + (1-b2) g'^2;
/// w -= lr / c1 * m / (sqrt(v) / rc2 + eps).
void adam_step(float* w, const float* g, float* m, float* v, std::size_t n, const AdamConstants& c);

}  // namespace nn::cuda
