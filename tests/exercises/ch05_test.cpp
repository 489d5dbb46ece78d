// Chapter 05 exercises (exercises/05-momentum/ex.hpp). Each update is checked
// against numbers worked out by hand and against the library's optimiser
// (nn::Momentum, nn::Nesterov, nn::Adam) over many steps.
#include <catch2/catch.hpp>
#include <cmath>

#include "05-momentum/ex.hpp"
#include "nn/errors.hpp"
#include "nn/optim.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// f(w) = 1/2 sum_i a_i w_i^2, whose gradient is a_i w_i: a ravine when the a_i differ.
Tensor quadratic_gradient(const Tensor& a, const Tensor& w) {
  Tensor g(w.shape());
  for (std::size_t i = 0; i < w.size(); ++i) g[i] = a[i] * w[i];
  return g;
}

}  // namespace

TEST_CASE("ch05 ex1 momentum_step: three steps by hand", "[ch05][ex1][exercise]") {
  Tensor w({2}, {1.0f, -2.0f}), v({2});
  const float lr = 0.1f, mu = 0.9f;
  ex05::momentum_step(w, Tensor({2}, {0.5f, 1.0f}), v, lr, mu);
  // v = -0.1 (0.5, 1);  w = (1, -2) + v.
  CHECK(v[0] == Approx(-0.05f));
  CHECK(v[1] == Approx(-0.1f));
  CHECK(w[0] == Approx(0.95f));
  CHECK(w[1] == Approx(-2.1f));
  ex05::momentum_step(w, Tensor({2}, {0.5f, 1.0f}), v, lr, mu);
  // The same gradient again: the velocity grows, v = 0.9 v - 0.1 g.
  CHECK(v[0] == Approx(-0.095f));
  CHECK(v[1] == Approx(-0.19f));
  CHECK(w[0] == Approx(0.855f));
  CHECK(w[1] == Approx(-2.29f));
  ex05::momentum_step(w, Tensor({2}, {-1.0f, 0.0f}), v, lr, mu);
  // A gradient against the motion slows it; none at all lets it coast at 0.9 v.
  CHECK(v[0] == Approx(0.0145f));
  CHECK(v[1] == Approx(-0.171f));
  CHECK(w[0] == Approx(0.8695f));
  CHECK(w[1] == Approx(-2.461f));
}

TEST_CASE("ch05 ex1 momentum_step: mu = 0 is gradient descent and shapes are checked",
          "[ch05][ex1][exercise]") {
  Rng rng(51);
  Tensor w = test::random_tensor({3, 4}, rng), v({3, 4});
  const Tensor g = test::random_tensor({3, 4}, rng), before = w;
  ex05::momentum_step(w, g, v, 0.3f, 0.0f);
  for (std::size_t i = 0; i < w.size(); ++i) CHECK(w[i] == Approx(before[i] - 0.3f * g[i]));
  Tensor small({2});
  CHECK_THROWS_AS(ex05::momentum_step(w, Tensor({3, 3}), v, 0.1f, 0.9f), ShapeError);
  CHECK_THROWS_AS(ex05::momentum_step(w, g, small, 0.1f, 0.9f), ShapeError);
}

TEST_CASE("ch05 ex1 momentum_step: matches nn::Momentum for 30 steps", "[ch05][ex1][exercise]") {
  Rng rng(52);
  Tensor w_lib = test::random_tensor({5, 3}, rng), grad({5, 3});
  Tensor w = w_lib, v({5, 3});
  Momentum library({{"weight", &w_lib, &grad}}, 0.05f, 0.8f);
  for (int step = 0; step < 30; ++step) {
    grad = test::random_tensor({5, 3}, rng, -2, 2);
    library.step();
    ex05::momentum_step(w, grad, v, 0.05f, 0.8f);
  }
  for (std::size_t i = 0; i < w.size(); ++i) CHECK(w[i] == Approx(w_lib[i]).margin(1e-5));
}

TEST_CASE("ch05 ex2 nesterov_step: three steps by hand", "[ch05][ex2][exercise]") {
  // f = w^2 (gradient 2w) from w = 1, lr = 0.1, mu = 0.9.
  Tensor w({1}, {1.0f}), v({1});
  std::vector<float> asked;  // where the gradient was taken
  const ex05::GradientFn gradient = [&](const Tensor& at) {
    asked.push_back(at[0]);
    return Tensor({1}, {2 * at[0]});
  };
  ex05::nesterov_step(w, v, gradient, 0.1f, 0.9f);
  CHECK(v[0] == Approx(-0.2f));  // v = 0: the look-ahead point is w itself
  CHECK(w[0] == Approx(0.8f));
  ex05::nesterov_step(w, v, gradient, 0.1f, 0.9f);
  CHECK(v[0] == Approx(-0.304f));  // gradient at 0.8 + 0.9 (-0.2) = 0.62
  CHECK(w[0] == Approx(0.496f));
  ex05::nesterov_step(w, v, gradient, 0.1f, 0.9f);
  CHECK(v[0] == Approx(-0.31808f));  // gradient at 0.496 + 0.9 (-0.304) = 0.2224
  CHECK(w[0] == Approx(0.17792f));
  REQUIRE(asked.size() == 3);  // once per step, at the look-ahead point
  CHECK(asked[0] == Approx(1.0f));
  CHECK(asked[1] == Approx(0.62f));
  CHECK(asked[2] == Approx(0.2224f));
}

TEST_CASE("ch05 ex2 nesterov_step: matches nn::Nesterov (which stores w + mu v)",
          "[ch05][ex2][exercise]") {
  Rng rng(53);
  const Tensor a = test::random_tensor({6}, rng, 0.5f, 20.0f);  // curvatures
  const float lr = 0.02f, mu = 0.9f;
  Tensor w = test::random_tensor({6}, rng, -3, 3), v({6});
  Tensor u = w, grad({6});  // the library's parameter: u = w + mu v (= w while v = 0)
  Nesterov library({{"weight", &u, &grad}}, lr, mu);
  for (int step = 0; step < 40; ++step) {
    grad = quadratic_gradient(a, u);  // the backward pass at the stored point
    library.step();
    ex05::nesterov_step(
        w, v, [&](const Tensor& at) { return quadratic_gradient(a, at); }, lr, mu);
  }
  for (std::size_t i = 0; i < w.size(); ++i) CHECK(w[i] + mu * v[i] == Approx(u[i]).margin(1e-5));
  // And it converged: 40 steps at this rate bring every coordinate close to 0.
  for (std::size_t i = 0; i < w.size(); ++i) CHECK(std::fabs(w[i]) < 0.5f);
}

TEST_CASE("ch05 ex3 adam_step: the first step moves every weight by lr", "[ch05][ex3][exercise]") {
  Tensor w({4}, {1.0f, -1.0f, 0.5f, 2.0f});
  const Tensor g({4}, {0.2f, -3.0f, 1e-3f, -50.0f});
  ex05::AdamState state;
  ex05::adam_step(w, g, state, 0.01f);
  CHECK(state.t == 1);
  REQUIRE(state.m.shape() == w.shape());
  REQUIRE(state.v.shape() == w.shape());
  // m^ = g and v^ = g^2 after one step, so w moves by lr g / |g| = lr sign(g),
  // whatever the size of g: Adam's steps are measured in units of lr.
  CHECK(w[0] == Approx(0.99f));
  CHECK(w[1] == Approx(-0.99f));
  CHECK(w[2] == Approx(0.49f));
  CHECK(w[3] == Approx(2.01f));
  CHECK(state.m[1] == Approx(0.1f * -3.0f));  // (1 - beta1) g
  // (1 - beta2) g^2; 0.999f is not exactly 0.999, so 1 - beta2 is 0.001 to 5 digits.
  CHECK(state.v[1] == Approx(0.001f * 9.0f).epsilon(1e-4));
}

TEST_CASE("ch05 ex3 adam_step: three steps by hand", "[ch05][ex3][exercise]") {
  Tensor w({1}, {1.0f});
  ex05::AdamState state;
  ex05::adam_step(w, Tensor({1}, {0.2f}), state, 0.01f);
  ex05::adam_step(w, Tensor({1}, {-0.1f}), state, 0.01f);
  // m = 0.9 (0.02) + 0.1 (-0.1) = 0.008, v = 0.999 (4e-5) + 0.001 (0.01);
  // m^ = 0.008 / 0.19, v^ = 4.996e-5 / 0.001999.
  CHECK(state.t == 2);
  CHECK(state.m[0] == Approx(0.008f));
  CHECK(state.v[0] == Approx(4.996e-5f).epsilon(1e-4));
  CHECK(w[0] == Approx(0.98733663f).epsilon(1e-6));
  ex05::adam_step(w, Tensor({1}, {0.3f}), state, 0.01f);
  CHECK(state.m[0] == Approx(0.0372f));
  CHECK(state.v[0] == Approx(1.3991004e-4f).epsilon(1e-4));
  CHECK(w[0] == Approx(0.98098343f).epsilon(1e-6));
}

TEST_CASE("ch05 ex3 adam_step: matches nn::Adam for 50 steps and checks shapes",
          "[ch05][ex3][exercise]") {
  Rng rng(54);
  for (const auto& [b1, b2] : {std::pair{0.9f, 0.999f}, std::pair{0.5f, 0.9f}}) {
    Tensor w_lib = test::random_tensor({4, 5}, rng), grad({4, 5});
    Tensor w = w_lib;
    ex05::AdamState state;
    Adam library({{"weight", &w_lib, &grad}}, 0.01f, b1, b2, 1e-8f);
    for (int step = 0; step < 50; ++step) {
      grad = test::random_tensor({4, 5}, rng, -1, 1, 0.0f);
      library.step();
      ex05::adam_step(w, grad, state, 0.01f, b1, b2, 1e-8f);
    }
    CHECK(state.t == 50);
    for (std::size_t i = 0; i < w.size(); ++i) CHECK(w[i] == Approx(w_lib[i]).margin(2e-5));
  }
  Tensor w({3});
  ex05::AdamState state;
  CHECK_THROWS_AS(ex05::adam_step(w, Tensor({4}), state, 0.01f), ShapeError);
}
