#include "nn/features.hpp"

#include <utility>

namespace nn {

Dataset features(Sequential& model, const Dataset& data, const std::string& layer, int batch_size) {
  Tensor f = model.features(data.x, layer, batch_size);
  const int n = data.size();
  const int per_sample = n > 0 ? static_cast<int>(f.size() / n) : 0;
  f.reshape({n, per_sample});
  return {std::move(f), data.y, data.class_names};
}

}  // namespace nn
