#include "nn/optim/clip.hpp"

#include <cmath>

namespace nn {

double clip_grad_norm(const std::vector<Parameter>& parameters, double max_norm) {
  double sum_of_squares = 0;  // in double: millions of small squares
  for (const auto& p : parameters)
    for (float g : p.grad->values()) sum_of_squares += double{g} * g;
  const double norm = std::sqrt(sum_of_squares);
  const double scale = max_norm / (norm + 1e-6);
  if (std::isfinite(norm) && scale < 1)
    for (const auto& p : parameters)
      for (float& g : p.grad->values()) g = static_cast<float>(g * scale);
  return norm;
}

}  // namespace nn
