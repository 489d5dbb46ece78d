// Chapter 06 exercises (exercises/06-dropout/ex.hpp). Each test checks real
// values: hand-computed numbers and the library's own Dropout and SGD.
#include <catch2/catch.hpp>
#include <cmath>

#include "06-dropout/ex.hpp"
#include "nn/errors.hpp"
#include "nn/layers/dropout.hpp"
#include "nn/optim.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

Tensor random_mask(const Shape& shape, float p, Rng& rng) {
  Tensor m(shape);
  for (float& v : m.values()) v = rng.uniform() < p ? 0.0f : 1.0f;
  return m;
}

// Early stopping written the obvious way, as a yardstick for random sequences.
ex06::EarlyStop reference_early_stop(const std::vector<double>& losses, int patience) {
  int best = 0, stop = 0;
  for (int e = 1; e <= static_cast<int>(losses.size()); ++e) {
    if (best == 0 || losses[e - 1] < losses[best - 1]) best = e;
    stop = e;
    if (e - best >= patience) break;
  }
  return {stop, best};
}

}  // namespace

TEST_CASE("ch06 ex1 dropout_forward: hand-computed values", "[ch06][ex1][exercise]") {
  const Tensor x({2, 2}, {1, 2, 3, 4});
  const Tensor mask({2, 2}, {1, 0, 1, 1});
  // p = 0.5: kept units are doubled, dropped units are 0.
  const Tensor y = ex06::dropout_forward(x, mask, 0.5f);
  REQUIRE(y.shape() == Shape{2, 2});
  CHECK(y.values() == std::vector<float>{2, 0, 6, 8});
  // p = 0.75: kept units are multiplied by 4.
  CHECK(ex06::dropout_forward(x, mask, 0.75f).values() == std::vector<float>{4, 0, 12, 16});
  // p = 0 with every unit kept is the identity.
  CHECK(ex06::dropout_forward(x, Tensor({2, 2}, 1.0f), 0.0f).values() == x.values());
  CHECK_THROWS_AS(ex06::dropout_forward(x, Tensor({4}, 1.0f), 0.5f), nn::ShapeError);
}

TEST_CASE("ch06 ex1 dropout_backward: hand-computed values", "[ch06][ex1][exercise]") {
  const Tensor dy({1, 4}, {0.5f, -1, 2, 3});
  const Tensor mask({1, 4}, {0, 1, 1, 0});
  // p = 0.2: the gradient of a kept unit is scaled by 1 / 0.8 = 1.25.
  const Tensor dx = ex06::dropout_backward(dy, mask, 0.2f);
  REQUIRE(dx.shape() == Shape{1, 4});
  CHECK(dx[0] == 0.0f);
  CHECK(dx[1] == Approx(-1.25f));
  CHECK(dx[2] == Approx(2.5f));
  CHECK(dx[3] == 0.0f);
  CHECK_THROWS_AS(ex06::dropout_backward(dy, Tensor({2, 2}, 1.0f), 0.2f), nn::ShapeError);
}

TEST_CASE("ch06 ex1 dropout forward and backward match nn::Dropout", "[ch06][ex1][exercise]") {
  Rng rng(61);
  for (float p : {0.1f, 0.3f, 0.5f, 0.9f}) {
    INFO("p = " << p);
    const Tensor x = test::random_tensor({8, 20}, rng, -3, 3);
    const Tensor dy = test::random_tensor({8, 20}, rng);
    const Tensor mask = random_mask(x.shape(), p, rng);
    Dropout layer(p, Rng(1));
    const Tensor y_lib = layer.forward_with_mask(x, mask);
    const Tensor dx_lib = layer.backward(dy);
    CHECK(max_abs_diff(ex06::dropout_forward(x, mask, p), y_lib) < 1e-5f);
    CHECK(max_abs_diff(ex06::dropout_backward(dy, mask, p), dx_lib) < 1e-5f);
  }
}

TEST_CASE("ch06 ex1 dropout_forward keeps the expected value", "[ch06][ex1][exercise]") {
  // Averaged over many random masks, inverted dropout returns x itself.
  Rng rng(62);
  const Tensor x({1, 5}, {1, -2, 0.5f, 3, 10});
  const float p = 0.4f;
  const int trials = 20000;
  std::vector<double> mean(5, 0.0);
  for (int t = 0; t < trials; ++t) {
    const Tensor y = ex06::dropout_forward(x, random_mask(x.shape(), p, rng), p);
    for (int i = 0; i < 5; ++i) mean[i] += y[i] / static_cast<double>(trials);
  }
  for (int i = 0; i < 5; ++i) CHECK(mean[i] == Approx(x[i]).margin(0.03 * std::fabs(x[i]) + 0.02));
}

TEST_CASE("ch06 ex2 l2_penalty: hand-computed values", "[ch06][ex2][exercise]") {
  const std::vector<Tensor> w = {Tensor({2}, {1, 2}), Tensor({1, 1}, {-3})};
  // (0.1 / 2) * (1 + 4 + 9) = 0.7
  CHECK(ex06::l2_penalty(w, 0.1f) == Approx(0.7f));
  CHECK(ex06::l2_penalty(w, 0.0f) == 0.0f);
  CHECK(ex06::l2_penalty({}, 0.1f) == 0.0f);
  CHECK(ex06::l2_penalty({Tensor({3, 4}, 0.5f)}, 2.0f) == Approx(3.0f));  // 12 * 0.25
}

TEST_CASE("ch06 ex2 sgd_step_with_weight_decay: hand-computed values", "[ch06][ex2][exercise]") {
  Tensor w({2}, {1, -2});
  ex06::sgd_step_with_weight_decay(w, Tensor({2}, {0.5f, 0.5f}), 0.1f, 0.01f);
  CHECK(w[0] == Approx(1 - 0.1 * (0.5 + 0.01)));   // 0.949
  CHECK(w[1] == Approx(-2 - 0.1 * (0.5 - 0.02)));  // -2.048
  // With no data gradient, weight decay alone shrinks w by (1 - lr lambda) per step.
  Tensor v({3}, {4, -8, 2});
  for (int k = 0; k < 10; ++k) ex06::sgd_step_with_weight_decay(v, Tensor({3}), 0.5f, 0.2f);
  CHECK(v[0] == Approx(4 * std::pow(0.9, 10)));
  CHECK(v[1] == Approx(-8 * std::pow(0.9, 10)));
  Tensor u({2});
  CHECK_THROWS_AS(ex06::sgd_step_with_weight_decay(u, Tensor({3}), 0.1f, 0.1f), nn::ShapeError);
}

TEST_CASE("ch06 ex2 weight decay matches nn::SGD and the penalty's gradient",
          "[ch06][ex2][exercise]") {
  Rng rng(63);
  const float lr = 0.05f, lambda = 0.3f;
  Tensor w = test::random_tensor({4, 3}, rng), g = test::random_tensor({4, 3}, rng);
  Tensor w_lib = w, g_lib = g;
  SGD sgd({{"weight", &w_lib, &g_lib}}, lr);
  sgd.weight_decay = lambda;
  sgd.step();
  Tensor w_ex = w;
  ex06::sgd_step_with_weight_decay(w_ex, g, lr, lambda);
  CHECK(max_abs_diff(w_ex, w_lib) < 1e-6f);

  // The step uses lambda w, the gradient of the penalty: compare with a
  // central difference of the reader's l2_penalty (g = 0 isolates it).
  Tensor stepped = w;
  ex06::sgd_step_with_weight_decay(stepped, Tensor(w.shape()), lr, lambda);
  const float h = 1e-2f;
  for (std::size_t i = 0; i < w.size(); ++i) {
    Tensor plus = w, minus = w;
    plus[i] += h;
    minus[i] -= h;
    const double numeric =
        (ex06::l2_penalty({plus}, lambda) - ex06::l2_penalty({minus}, lambda)) / (2 * h);
    CHECK(stepped[i] == Approx(w[i] - lr * numeric).margin(1e-4));
  }
}

TEST_CASE("ch06 ex3 early_stopping: hand-computed values", "[ch06][ex3][exercise]") {
  // Best after epoch 3; epochs 4, 5, 6 are worse; patience 3 stops after epoch 6.
  const std::vector<double> losses = {1.0, 0.8, 0.7, 0.75, 0.72, 0.71, 0.9, 0.5};
  ex06::EarlyStop s = ex06::early_stopping(losses, 3);
  CHECK(s.best_epoch == 3);
  CHECK(s.stop_epoch == 6);
  // With patience 5 the run reaches epoch 8, a new best, and ends there.
  s = ex06::early_stopping(losses, 5);
  CHECK(s.best_epoch == 8);
  CHECK(s.stop_epoch == 8);
  // Patience 1 stops at the first epoch that does not improve.
  s = ex06::early_stopping(losses, 1);
  CHECK(s.best_epoch == 3);
  CHECK(s.stop_epoch == 4);
}

TEST_CASE("ch06 ex3 early_stopping: ties and runs that never stop", "[ch06][ex3][exercise]") {
  // A tie is not an improvement: epoch 2 stays best, and patience 2 stops after epoch 4.
  ex06::EarlyStop s = ex06::early_stopping({1.0, 0.5, 0.5, 0.5, 0.1}, 2);
  CHECK(s.best_epoch == 2);
  CHECK(s.stop_epoch == 4);
  // Always improving: every epoch is trained, the last is best.
  s = ex06::early_stopping({3, 2, 1}, 2);
  CHECK(s.best_epoch == 3);
  CHECK(s.stop_epoch == 3);
  s = ex06::early_stopping({}, 4);
  CHECK(s.best_epoch == 0);
  CHECK(s.stop_epoch == 0);
}

TEST_CASE("ch06 ex3 early_stopping: agrees with a reference on random curves",
          "[ch06][ex3][exercise]") {
  Rng rng(64);
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<double> losses(1 + rng.integer(40));
    double level = 2.0;
    for (double& l : losses) l = (level *= rng.uniform(0.85f, 1.1f));
    const int patience = 1 + rng.integer(8);
    const ex06::EarlyStop want = reference_early_stop(losses, patience);
    const ex06::EarlyStop got = ex06::early_stopping(losses, patience);
    INFO("trial " << trial << ", " << losses.size() << " epochs, patience " << patience);
    CHECK(got.best_epoch == want.best_epoch);
    CHECK(got.stop_epoch == want.stop_epoch);
  }
}
