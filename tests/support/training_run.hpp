#pragma once
// A small, fast training run for the checkpoint and numerical-fault tests:
// 100 samples of 3 Gaussian blobs in 20 dimensions, batches of 8 (so each
// epoch ends with a short batch of 4), an MLP with dropout (so a layer's own
// random generator is part of the state), and a loss that can fail on cue.
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>

#include "nn/data/dataset.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/dropout.hpp"
#include "nn/loss.hpp"
#include "nn/optim.hpp"
#include "nn/sequential.hpp"

namespace nn::test {

// A fresh folder under the system's temp folder, removed at the end of the test.
struct ScratchDir {
  std::filesystem::path path;
  explicit ScratchDir(const std::string& name) {
    static int counter = 0;
    path = std::filesystem::temp_directory_path() /
           (name + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

inline Dataset blobs(int n, std::uint64_t seed) {
  Rng rng(seed);
  Dataset d{Tensor({n, 20}), Tensor({n}), {"a", "b", "c"}};
  for (int i = 0; i < n; ++i) {
    const int label = i % 3;
    d.y[i] = static_cast<float>(label);
    for (int j = 0; j < 20; ++j) d.x.at(i, j) = rng.normal(j % 3 == label ? 1.0f : 0.0f, 1.0f);
  }
  return d;
}

constexpr int kSamples = 100, kBatch = 8, kStepsPerEpoch = 13;

// 0: Dense(20 -> 16), 1: ReLU, 2: Dropout(0.25), 3: Dense(16 -> 3). `init_seed`
// picks the starting weights: a resumed run starts from other weights to show
// that it takes them all from the checkpoint.
inline Sequential mlp(std::uint64_t init_seed) {
  Rng rng(init_seed);
  Sequential model;
  model.add<Dense>(20, 16, rng);
  model.add<ReLU>();
  model.add<Dropout>(0.25f, rng.split());
  model.add<Dense>(16, 3, rng);
  return model;
}

inline std::unique_ptr<Optimizer> make_optimizer(const std::string& kind, Sequential& model) {
  if (kind == "SGD") return std::make_unique<SGD>(model.parameters(), 0.05f);
  if (kind == "Momentum") return std::make_unique<Momentum>(model.parameters(), 0.05f, 0.9f);
  if (kind == "Nesterov") return std::make_unique<Nesterov>(model.parameters(), 0.05f, 0.9f);
  if (kind == "AdaGrad") return std::make_unique<AdaGrad>(model.parameters(), 0.05f);
  if (kind == "RMSprop") return std::make_unique<RMSprop>(model.parameters(), 0.01f);
  if (kind == "Adam") return std::make_unique<Adam>(model.parameters(), 0.01f);
  if (kind == "AdamW") return std::make_unique<AdamW>(model.parameters(), 0.01f, 0.1f);
  throw std::invalid_argument("no optimiser " + kind);
}

// The test's stand-in for a crash.
struct SimulatedCrash : std::runtime_error {
  SimulatedCrash() : std::runtime_error("simulated crash") {}
};

// Softmax cross-entropy that, on its `fail_at`-th forward call (1-based;
// validation passes count too), either throws SimulatedCrash or returns NaN.
class FailingLoss : public SoftmaxCrossEntropy {
 public:
  enum Failure { none, crash, nan };
  FailingLoss(Failure failure = none, int fail_at = 0) : failure_(failure), fail_at_(fail_at) {}
  float forward(const Tensor& prediction, const Tensor& target) override {
    const float loss = SoftmaxCrossEntropy::forward(prediction, target);
    if (++calls_ != fail_at_ || failure_ == none) return loss;
    if (failure_ == crash) throw SimulatedCrash();
    return std::numeric_limits<float>::quiet_NaN();
  }

 private:
  Failure failure_;
  int fail_at_;
  int calls_ = 0;
};

// True if the two tensors hold the same bits (so +0 and -0 differ, as do NaNs).
inline bool same_bits(const Tensor& a, const Tensor& b) {
  return a.shape() == b.shape() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace nn::test
