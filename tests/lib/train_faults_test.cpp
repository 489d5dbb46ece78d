// Numerical faults: a NaN or Inf in the loss, a gradient or a weight stops
// fit() with a NumericalError that names the layer, the parameter, the epoch
// and the step, and the last good checkpoint stays on disk untouched.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "nn/checkpoint.hpp"
#include "nn/errors.hpp"
#include "nn/train.hpp"
#include "support/training_run.hpp"

using namespace nn;
using namespace nn::test;
using Catch::Contains;

namespace {

// y = x * w, one weight per feature. On its `fault_at`-th backward call it
// plants a fault: a NaN in its weight's gradient, or a weight and gradient
// that are finite but so large that the optimiser's step overflows to Inf.
class FaultyScale : public Layer {
 public:
  enum Fault { none, nan_gradient, overflowing_step };
  FaultyScale(int features, Fault fault, int fault_at)
      : weight_({features}, 1.0f), grad_({features}), fault_(fault), fault_at_(fault_at) {}
  std::string name() const override {
    return "FaultyScale(" + std::to_string(weight_.size()) + ")";
  }
  Tensor forward(const Tensor& x) override {
    input_ = x;
    Tensor y = x;
    for (int i = 0; i < y.rows(); ++i)
      for (std::size_t j = 0; j < weight_.size(); ++j) y.row(i)[j] *= weight_[j];
    return y;
  }
  Tensor backward(const Tensor& dy) override {
    Tensor dx = dy;
    for (int i = 0; i < dy.rows(); ++i)
      for (std::size_t j = 0; j < weight_.size(); ++j) {
        grad_[j] += dy.row(i)[j] * input_.row(i)[j];
        dx.row(i)[j] *= weight_[j];
      }
    if (++calls_ != fault_at_) return dx;
    if (fault_ == nan_gradient) grad_[1] = NAN;
    if (fault_ == overflowing_step) {  // w - eta g = FLT_MAX (1 + eta) = Inf
      weight_[1] = std::numeric_limits<float>::max();
      grad_[1] = -std::numeric_limits<float>::max();
    }
    return dx;
  }
  std::vector<Parameter> parameters() override { return {{"weight", &weight_, &grad_}}; }

 private:
  Tensor weight_, grad_, input_;
  Fault fault_;
  int fault_at_, calls_ = 0;
};

struct Outcome {
  std::string message;
  Sequential model;
};

// Trains Dense(20 -> 16), ReLU, FaultyScale(16), Dense(16 -> 3) with plain SGD,
// checkpointing after every step into `file`, until the planted fault at
// epoch 2, step 3 (global step 16), and returns the error's message.
Outcome train_until_fault(const std::string& file, FaultyScale::Fault fault, FailingLoss loss) {
  static const Dataset data = blobs(kSamples, 7);
  Rng rng(1);
  Outcome out;
  out.model.add<Dense>(20, 16, rng);
  out.model.add<ReLU>();
  out.model.add<FaultyScale>(16, fault, kStepsPerEpoch + 3);
  out.model.add<Dense>(16, 3, rng);
  SGD sgd(out.model.parameters(), 0.05f);
  try {
    fit(out.model, data, loss, sgd,
        {.epochs = 3,
         .batch_size = kBatch,
         .quiet = true,
         .checkpoint = file,
         .checkpoint_every = 1});
  } catch (const NumericalError& e) {
    out.message = e.what();
  }
  return out;
}

}  // namespace

TEST_CASE("a NaN gradient stops training naming layer parameter and step", "[train][faults]") {
  ScratchDir dir("nn_faults");
  const std::string file = dir.file("run.safetensors");
  Outcome o = train_until_fault(file, FaultyScale::nan_gradient, {});
  INFO(o.message);
  CHECK_THAT(o.message,
             Contains("NaN or Inf in the gradient of 2.weight of layer 2: FaultyScale(16)") &&
                 Contains("at epoch 2, step 3") && Contains(file));
  // Found before the step: the weights are still the last good ones.
  for (auto& p : o.model.parameters()) CHECK(all_finite(*p.value));
  const Checkpoint last = read_checkpoint(file);
  CHECK(last.progress.global_step == kStepsPerEpoch + 2);
  CHECK(same_bits(last.model.at("2.weight"), *o.model.parameters()[2].value));
}

TEST_CASE("an Inf weight stops training naming layer parameter and step", "[train][faults]") {
  ScratchDir dir("nn_faults");
  const std::string file = dir.file("run.safetensors");
  const Outcome o = train_until_fault(file, FaultyScale::overflowing_step, {});
  INFO(o.message);
  CHECK_THAT(o.message,
             Contains("NaN or Inf in the weights 2.weight of layer 2: FaultyScale(16)") &&
                 Contains("at epoch 2, step 3") && Contains(file));
  const Checkpoint last = read_checkpoint(file);  // the checkpoint before the overflow
  CHECK(last.progress.global_step == kStepsPerEpoch + 2);
  CHECK(std::isfinite(last.model.at("2.weight")[1]));
}

TEST_CASE("a NaN loss stops training naming the loss and step", "[train][faults]") {
  ScratchDir dir("nn_faults");
  const std::string file = dir.file("run.safetensors");
  // The loss of epoch 2, step 3: forward call 16 (no validation set here).
  const Outcome o =
      train_until_fault(file, FaultyScale::none, FailingLoss(FailingLoss::nan, kStepsPerEpoch + 3));
  INFO(o.message);
  CHECK_THAT(o.message,
             Contains("SoftmaxCrossEntropy is nan at epoch 2, step 3") && Contains(file));
  CHECK(read_checkpoint(file).progress.global_step == kStepsPerEpoch + 2);
}

TEST_CASE("a fault leaves the last good checkpoint as it was", "[train][faults]") {
  // The checkpoint after step 15 of a run without a fault...
  ScratchDir dir("nn_faults");
  const std::string clean = dir.file("clean.safetensors"), faulty = dir.file("faulty.safetensors");
  REQUIRE_THROWS_AS(train_until_fault(clean, FaultyScale::none,
                                      FailingLoss(FailingLoss::crash, kStepsPerEpoch + 3)),
                    SimulatedCrash);
  // ...is the one a run whose gradient turns NaN at step 16 leaves behind.
  train_until_fault(faulty, FaultyScale::nan_gradient, {});
  const Checkpoint a = read_checkpoint(clean), b = read_checkpoint(faulty);
  CHECK(a.progress.global_step == b.progress.global_step);
  for (const auto& [name, t] : a.model) CHECK(same_bits(t, b.model.at(name)));
  for (const auto& [name, t] : a.optimizer_buffers)
    CHECK(same_bits(t, b.optimizer_buffers.at(name)));
}
