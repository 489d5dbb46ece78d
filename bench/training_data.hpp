#pragma once
// The MNIST training images the benchmarks time (bench_train, bench_gpu_train),
// or random MNIST-shaped data where MNIST has not been fetched: pixels
// uniform in [0, 1), labels 0-9. Throughput does not depend on the values.
#include <filesystem>
#include <string>

#include "nn/data/mnist.hpp"
#include "nn/random.hpp"

namespace nn::bench {

inline const std::string kMnistDir = std::string(NN_SOURCE_DIR) + "/datasets/cache/mnist";

inline Dataset training_data(int samples) {
  if (std::filesystem::exists(kMnistDir)) return load_mnist(kMnistDir, true, samples);
  Rng rng(1);
  Dataset d;
  d.x = Tensor({samples, 1, 28, 28});
  d.y = Tensor({samples});
  for (float& v : d.x.values()) v = rng.uniform(0.0f, 1.0f);
  for (float& v : d.y.values()) v = static_cast<float>(rng.integer(10));
  return d;
}

}  // namespace nn::bench
