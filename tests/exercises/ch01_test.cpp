// Chapter 01 exercises (exercises/01-logistic-regression/ex.hpp). Each test
// checks real values: hand-computed numbers, the library's own loss, and a
// double-precision reference written here, independent of the reader's code.
#include <catch2/catch.hpp>
#include <cmath>

#include "01-logistic-regression/ex.hpp"
#include "nn/layers/activations.hpp"
#include "nn/loss.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// The mean logistic loss in double: the yardstick for central differences.
double reference_loss(const Tensor& X, const Tensor& y, const std::vector<double>& theta,
                      double b) {
  double sum = 0.0;
  for (int i = 0; i < X.rows(); ++i) {
    double z = b;
    for (int j = 0; j < X.dim(1); ++j) z += X.at(i, j) * theta[j];
    sum += std::max(z, 0.0) - z * y[i] + std::log1p(std::exp(-std::fabs(z)));
  }
  return sum / X.rows();
}

// Two separable blobs in 2-D, around (1, 1) (label 1) and (-1, -1) (label 0).
void blobs(int n, Rng& rng, Tensor& X, Tensor& y) {
  X = Tensor({n, 2});
  y = Tensor({n});
  for (int i = 0; i < n; ++i) {
    y[i] = static_cast<float>(i % 2);
    const float centre = y[i] > 0 ? 1.0f : -1.0f;
    X.at(i, 0) = centre + rng.uniform(-0.7f, 0.7f);
    X.at(i, 1) = centre + rng.uniform(-0.7f, 0.7f);
  }
}

// The small example worked in the tests below: z = (-1.25, -0.75), y = (1, 0).
const Tensor kX({2, 2}, {1, 2, -1, 0.5f});
const Tensor kY({2}, {1, 0});
const Tensor kTheta({2}, {0.5f, -1});
const float kB = 0.25f;

}  // namespace

TEST_CASE("ch01 ex1 sigmoid: known values", "[ch01][ex1][exercise]") {
  CHECK(ex01::sigmoid(0.0f) == Approx(0.5f));
  CHECK(ex01::sigmoid(1.0f) == Approx(0.7310586f));
  CHECK(ex01::sigmoid(2.0f) == Approx(0.8807971f));
  CHECK(ex01::sigmoid(-2.0f) == Approx(0.1192029f));
  for (float z = -10.0f; z <= 10.0f; z += 0.25f) CHECK(ex01::sigmoid(z) == Approx(nn::sigmoid(z)));
}

TEST_CASE("ch01 ex1 sigmoid: symmetric and finite for large inputs", "[ch01][ex1][exercise]") {
  for (float z = 0.0f; z <= 8.0f; z += 0.5f)
    CHECK(ex01::sigmoid(-z) == Approx(1.0f - ex01::sigmoid(z)).margin(1e-6));
  for (float z : {50.0f, 100.0f, 1000.0f, 1e30f}) {
    CHECK(ex01::sigmoid(z) == 1.0f);
    const float s = ex01::sigmoid(-z);
    CHECK(std::isfinite(s));
    CHECK(s >= 0.0f);
    CHECK(s < 1e-20f);
  }
}

TEST_CASE("ch01 ex2 logistic_loss: hand-computed values", "[ch01][ex2][exercise]") {
  // theta = 0, b = 0 predicts 0.5 everywhere: the loss is ln 2 whatever y is.
  CHECK(ex01::logistic_loss(kX, kY, Tensor({2}), 0.0f) == Approx(std::log(2.0)));
  // softplus(1.25) and softplus(-0.75), averaged (worked out in the book's notation).
  CHECK(ex01::logistic_loss(kX, kY, kTheta, kB) == Approx(0.9444000f));
}

TEST_CASE("ch01 ex2 logistic_loss: matches nn::BinaryCrossEntropy", "[ch01][ex2][exercise]") {
  Rng rng(11);
  const Tensor X = test::random_tensor({16, 5}, rng, -2, 2);
  const Tensor theta = test::random_tensor({5}, rng);
  Tensor y({16});
  for (int i = 0; i < 16; ++i) y[i] = static_cast<float>(rng.integer(2));
  Tensor z({16, 1});
  for (int i = 0; i < 16; ++i) {
    z[i] = 0.3f;
    for (int j = 0; j < 5; ++j) z[i] += X.at(i, j) * theta[j];
  }
  BinaryCrossEntropy bce;
  CHECK(ex01::logistic_loss(X, y, theta, 0.3f) == Approx(bce.forward(z, y)).epsilon(1e-5));
}

TEST_CASE("ch01 ex2 logistic_loss: stable for confident predictions", "[ch01][ex2][exercise]") {
  const Tensor x({1, 1}, {1.0f});
  const Tensor theta({1}, {100.0f});  // z = 100: s(z) rounds to 1 in float
  CHECK(ex01::logistic_loss(x, Tensor({1}, {0.0f}), theta, 0.0f) == Approx(100.0f));
  CHECK(ex01::logistic_loss(x, Tensor({1}, {1.0f}), theta, 0.0f) == Approx(0.0f).margin(1e-6));
  CHECK(ex01::logistic_loss(x, Tensor({1}, {1.0f}), theta, -200.0f) == Approx(100.0f));
}

TEST_CASE("ch01 ex3 logistic_gradient: hand-computed values", "[ch01][ex3][exercise]") {
  const ex01::LogisticGradient g = ex01::logistic_gradient(kX, kY, kTheta, kB);
  REQUIRE(g.dtheta.shape() == Shape{2});
  CHECK(g.dtheta[0] == Approx(-0.5490606f));
  CHECK(g.dtheta[1] == Approx(-0.6970945f));
  CHECK(g.db == Approx(-0.2282393f));
  // At theta = 0 every prediction is 0.5: dtheta = X^T (0.5 - y) / N.
  const ex01::LogisticGradient g0 = ex01::logistic_gradient(kX, kY, Tensor({2}), 0.0f);
  CHECK(g0.dtheta[0] == Approx((-0.5f * 1 + 0.5f * -1) / 2));
  CHECK(g0.dtheta[1] == Approx((-0.5f * 2 + 0.5f * 0.5f) / 2));
  CHECK(g0.db == Approx(0.0f).margin(1e-7));
}

TEST_CASE("ch01 ex3 logistic_gradient: agrees with central differences", "[ch01][ex3][exercise]") {
  Rng rng(12);
  const Tensor X = test::random_tensor({10, 4}, rng, -2, 2);
  const Tensor theta = test::random_tensor({4}, rng);
  Tensor y({10});
  for (int i = 0; i < 10; ++i) y[i] = static_cast<float>(rng.integer(2));
  const float b = -0.4f;
  const ex01::LogisticGradient g = ex01::logistic_gradient(X, y, theta, b);
  REQUIRE(g.dtheta.shape() == Shape{4});

  std::vector<double> t(theta.values().begin(), theta.values().end());
  const double h = 1e-6;
  for (int j = 0; j < 4; ++j) {
    auto plus = t, minus = t;
    plus[j] += h;
    minus[j] -= h;
    const double numeric =
        (reference_loss(X, y, plus, b) - reference_loss(X, y, minus, b)) / (2 * h);
    CHECK(g.dtheta[j] == Approx(numeric).margin(1e-5));
  }
  const double numeric_b =
      (reference_loss(X, y, t, b + h) - reference_loss(X, y, t, b - h)) / (2 * h);
  CHECK(g.db == Approx(numeric_b).margin(1e-5));
}

TEST_CASE("ch01 ex4 fit_logistic_regression: the first step from zero", "[ch01][ex4][exercise]") {
  const ex01::LogisticModel none = ex01::fit_logistic_regression(kX, kY, 0.1f, 0);
  CHECK(none.theta.values() == std::vector<float>{0, 0});
  CHECK(none.b == 0.0f);
  CHECK(none.losses.empty());

  // One step: theta = -lr * X^T (0.5 - y) / N = -0.1 * (-0.5, -0.375).
  const ex01::LogisticModel one = ex01::fit_logistic_regression(kX, kY, 0.1f, 1);
  REQUIRE(one.theta.shape() == Shape{2});
  CHECK(one.theta[0] == Approx(0.05f));
  CHECK(one.theta[1] == Approx(0.0375f));
  CHECK(one.b == Approx(0.0f).margin(1e-7));
  REQUIRE(one.losses.size() == 1);
  CHECK(one.losses[0] == Approx(std::log(2.0)));
}

TEST_CASE("ch01 ex4 fit_logistic_regression: loss falls and the blobs are separated",
          "[ch01][ex4][exercise]") {
  Rng rng(13);
  Tensor X, y;
  blobs(40, rng, X, y);
  const ex01::LogisticModel m = ex01::fit_logistic_regression(X, y, 0.5f, 100);
  REQUIRE(m.losses.size() == 100);
  CHECK(m.losses.front() == Approx(std::log(2.0)));
  // A small enough learning rate on a convex loss: every step lowers it.
  for (std::size_t t = 1; t < m.losses.size(); ++t) CHECK(m.losses[t] < m.losses[t - 1]);
  CHECK(m.losses.back() < 0.1f);
  int correct = 0;
  for (int i = 0; i < X.rows(); ++i) {
    const float z = X.at(i, 0) * m.theta[0] + X.at(i, 1) * m.theta[1] + m.b;
    correct += (z > 0) == (y[i] > 0.5f);
  }
  CHECK(correct == X.rows());
}
