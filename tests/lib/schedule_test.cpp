// Learning-rate schedules against hand-listed sequences (book chapter 05).
// (StepDecay and ReduceOnPlateau's lists match torch.optim.lr_scheduler's.)
#include "nn/schedule.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>

using namespace nn;

namespace {

struct OneParameter {
  Tensor w{{1}}, g{{1}};
  std::vector<Parameter> parameters() { return {{"weight", &w, &g}}; }
};

}  // namespace

TEST_CASE("StepDecay multiplies the rate by gamma every step_size epochs", "[schedule]") {
  OneParameter p;
  SGD opt(p.parameters(), 1.0f);
  StepDecay schedule(opt, /*step_size=*/2, /*gamma=*/0.5f);
  // The rate for the next epoch after epochs 1..6: 1/2^floor(e/2).
  const std::vector<float> expected = {1, 0.5, 0.5, 0.25, 0.25, 0.125};
  for (int epoch = 1; epoch <= 6; ++epoch) {
    schedule.on_step(epoch * 100);  // the step hook is not its business
    schedule.on_epoch_end(epoch, 0.0);
    CHECK(opt.learning_rate == Approx(expected[epoch - 1]));
  }
  CHECK_THROWS_AS(StepDecay(opt, 0), std::invalid_argument);
}

TEST_CASE("ExponentialDecay sets lr0 gamma^step after every step", "[schedule]") {
  OneParameter p;
  SGD opt(p.parameters(), 0.1f);
  ExponentialDecay schedule(opt, 0.9f);
  const std::vector<double> expected = {0.09, 0.081, 0.0729, 0.06561};
  for (int step = 1; step <= 4; ++step) {
    schedule.on_step(step);
    CHECK(opt.learning_rate == Approx(expected[step - 1]));
  }
  schedule.on_epoch_end(1, 0.0);  // ignored
  CHECK(opt.learning_rate == Approx(0.06561));
}

TEST_CASE("ReduceOnPlateau waits `patience` epochs without improvement", "[schedule]") {
  OneParameter p;
  SGD opt(p.parameters(), 1.0f);
  ReduceOnPlateau schedule(opt, /*factor=*/0.5f, /*patience=*/2, /*min_lr=*/0.2f);
  // epoch metric  best     bad  lr
  //  1    1.0     1.0      0    1
  //  2    0.9     0.9      0    1
  //  3-4  0.9     0.9      1-2  1     equal is not better
  //  5    0.9     0.9      3>2  0.5   reduce, bad = 0
  //  6    0.89995 0.9      1    0.5   better by less than 0.9 * 1e-4: no gain
  //  7    0.9              2    0.5
  //  8    0.9              3>2  0.25
  //  9    0.5     0.5      0    0.25
  // 10-11 0.6              1-2  0.25
  // 12    0.6              3>2  0.2   0.125 clamped to min_lr
  // 13-15 0.6              ...  0.2   stays at min_lr
  const std::vector<double> metrics = {1.0, 0.9, 0.9, 0.9, 0.9, 0.89995, 0.9, 0.9,
                                       0.5, 0.6, 0.6, 0.6, 0.6, 0.6,     0.6};
  const std::vector<float> lrs = {1,    1,    1,    1,   0.5, 0.5, 0.5, 0.25,
                                  0.25, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2};
  for (std::size_t e = 0; e < metrics.size(); ++e) {
    schedule.on_epoch_end(static_cast<int>(e) + 1, metrics[e]);
    INFO("epoch " << e + 1);
    CHECK(opt.learning_rate == Approx(lrs[e]));
  }
  CHECK(schedule.best() == 0.5);
  CHECK_THROWS_AS(ReduceOnPlateau(opt, 1.5f), std::invalid_argument);
}
