#include "nn/layer.hpp"

namespace nn {

void Layer::zero_grad() {
  for (auto& p : parameters()) p.grad->fill(0.0f);
}

std::size_t Layer::parameter_count() {
  std::size_t n = 0;
  for (auto& p : parameters()) n += p.value->size();
  return n;
}

}  // namespace nn
