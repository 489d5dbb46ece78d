#pragma once
// Random test inputs. Values are kept at least `gap` away from zero so that a
// central difference never straddles the kink of ReLU or a step.
#include <cmath>

#include "nn/random.hpp"
#include "nn/tensor.hpp"

namespace nn::test {

inline Tensor random_tensor(Shape shape, Rng& rng, float lo = -1.0f, float hi = 1.0f,
                            float gap = 0.05f) {
  Tensor t(std::move(shape));
  for (float& v : t.values()) {
    do v = rng.uniform(lo, hi);
    while (std::fabs(v) < gap);
  }
  return t;
}

inline Tensor labels(std::vector<int> classes) {
  Tensor t({static_cast<int>(classes.size())});
  for (std::size_t i = 0; i < classes.size(); ++i) t[i] = static_cast<float>(classes[i]);
  return t;
}

}  // namespace nn::test
