// Chapter 03 exercises (exercises/03-backprop/ex.hpp): hand-worked examples,
// the library's Dense and losses as the yardstick, and large-logit cases
// that only a numerically stable answer survives.
#include <catch2/catch.hpp>
#include <cmath>

#include "03-backprop/ex.hpp"
#include "nn/errors.hpp"
#include "nn/layers/dense.hpp"
#include "nn/loss.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

std::vector<int> random_labels(int n, int classes, Rng& rng) {
  std::vector<int> y(n);
  for (int& v : y) v = rng.integer(classes);
  return y;
}

void check_close(const Tensor& actual, const Tensor& expected, float tolerance = 1e-5f) {
  REQUIRE(actual.shape() == expected.shape());
  INFO("largest difference " << max_abs_diff(actual, expected));
  CHECK(max_abs_diff(actual, expected) < tolerance);
}

}  // namespace

TEST_CASE("ch03 ex1 dense_backward: hand-computed example", "[ch03][ex1][exercise]") {
  const Tensor x({1, 2}, {1, 2});
  const Tensor W({3, 2}, {1, 0, 0, 1, 1, 1});
  const Tensor dy({1, 3}, {1, 2, 3});
  const ex03::DenseGrads g = ex03::dense_backward(x, W, dy);
  check_close(g.dx, Tensor({1, 2}, {4, 5}));              // dy W
  check_close(g.dW, Tensor({3, 2}, {1, 2, 2, 4, 3, 6}));  // dy^T x
  check_close(g.db, Tensor({3}, {1, 2, 3}));              // dy summed over rows
}

TEST_CASE("ch03 ex1 dense_backward: matches nn::Dense on a batch", "[ch03][ex1][exercise]") {
  Rng rng(31);
  Dense layer(4, 3, rng);
  const Tensor x = test::random_tensor({5, 4}, rng);
  const Tensor dy = test::random_tensor({5, 3}, rng);
  layer.forward(x);
  const Tensor dx = layer.backward(dy);
  const ex03::DenseGrads g = ex03::dense_backward(x, layer.weight(), dy);
  check_close(g.dx, dx);
  check_close(g.dW, *layer.parameters()[0].grad);
  check_close(g.db, *layer.parameters()[1].grad);
}

TEST_CASE("ch03 ex1 dense_backward: rejects shapes that do not fit", "[ch03][ex1][exercise]") {
  CHECK_THROWS_AS(ex03::dense_backward(Tensor({2, 3}), Tensor({4, 5}), Tensor({2, 4})), ShapeError);
  CHECK_THROWS_AS(ex03::dense_backward(Tensor({2, 3}), Tensor({4, 3}), Tensor({2, 5})), ShapeError);
}

TEST_CASE("ch03 ex2 softmax_cross_entropy: hand-computed values", "[ch03][ex2][exercise]") {
  // Equal logits: p = 1/C, loss ln C, gradient (1/C - onehot) / N.
  const ex03::LossAndGrad flat = ex03::softmax_cross_entropy(Tensor({2, 4}), {1, 3});
  CHECK(flat.loss == Approx(std::log(4.0)));
  check_close(flat.grad, Tensor({2, 4}, {0.125f, -0.375f, 0.125f, 0.125f,  //
                                         0.125f, 0.125f, 0.125f, -0.375f}));
  // softmax(1, 2, 3) = (0.0900306, 0.2447285, 0.6652410).
  const ex03::LossAndGrad r = ex03::softmax_cross_entropy(Tensor({1, 3}, {1, 2, 3}), {2});
  CHECK(r.loss == Approx(0.4076060f));
  check_close(r.grad, Tensor({1, 3}, {0.0900306f, 0.2447285f, 0.6652410f - 1}));
}

TEST_CASE("ch03 ex2 softmax_cross_entropy: matches nn::SoftmaxCrossEntropy",
          "[ch03][ex2][exercise]") {
  Rng rng(32);
  const Tensor z = test::random_tensor({6, 5}, rng, -3, 3);
  const std::vector<int> y = random_labels(6, 5, rng);
  Tensor target({6});
  for (int i = 0; i < 6; ++i) target[i] = static_cast<float>(y[i]);
  SoftmaxCrossEntropy reference;
  const float loss = reference.forward(z, target);
  const ex03::LossAndGrad r = ex03::softmax_cross_entropy(z, y);
  CHECK(r.loss == Approx(loss).epsilon(1e-5));
  check_close(r.grad, reference.backward());
}

TEST_CASE("ch03 ex2 softmax_cross_entropy: stable for large logits", "[ch03][ex2][exercise]") {
  const Tensor z({2, 2}, {1000, 0, -1000, -1000});
  const ex03::LossAndGrad r = ex03::softmax_cross_entropy(z, {1, 0});
  // Row 0: -log p_1 = 1000; row 1: equal logits, ln 2.
  CHECK(r.loss == Approx((1000 + std::log(2.0)) / 2));
  check_close(r.grad, Tensor({2, 2}, {0.5f, -0.5f, -0.25f, 0.25f}));
  CHECK(all_finite(r.grad));
}

TEST_CASE("ch03 ex3 multiclass_hinge: hand-computed values", "[ch03][ex3][exercise]") {
  // The three-example worked case of the book: per-sample losses 2.9, 0, 12.9.
  const Tensor s({3, 3}, {3.2f, 5.1f, -1.7f, 1.3f, 4.9f, 2.0f, 2.2f, 2.5f, -3.1f});
  const ex03::LossAndGrad r = ex03::multiclass_hinge(s, {0, 1, 2});
  CHECK(r.loss == Approx((2.9 + 0 + 12.9) / 3));
  const float t = 1.0f / 3;
  check_close(r.grad, Tensor({3, 3}, {-t, t, 0, 0, 0, 0, t, t, -2 * t}));
}

TEST_CASE("ch03 ex3 multiclass_hinge: matches nn::MulticlassHinge for several margins",
          "[ch03][ex3][exercise]") {
  Rng rng(33);
  const Tensor s = test::random_tensor({8, 4}, rng, -2, 2);
  const std::vector<int> y = random_labels(8, 4, rng);
  Tensor target({8});
  for (int i = 0; i < 8; ++i) target[i] = static_cast<float>(y[i]);
  for (float margin : {0.0f, 1.0f, 2.5f}) {
    INFO("margin " << margin);
    MulticlassHinge reference(margin);
    const float loss = reference.forward(s, target);
    const ex03::LossAndGrad r = ex03::multiclass_hinge(s, y, margin);
    CHECK(r.loss == Approx(loss).epsilon(1e-5));
    check_close(r.grad, reference.backward());
  }
}

TEST_CASE("ch03 ex3 multiclass_hinge: a zero term adds no gradient", "[ch03][ex3][exercise]") {
  // s_1 - s_0 + 1 = 0 exactly: on the hinge, counted as not violated.
  const ex03::LossAndGrad r = ex03::multiclass_hinge(Tensor({1, 2}, {1, 0}), {0});
  CHECK(r.loss == 0.0f);
  check_close(r.grad, Tensor({1, 2}, {0, 0}));
}

TEST_CASE("ch03 ex4 numerical_derivative: known derivatives", "[ch03][ex4][exercise]") {
  auto sin = [](double x) { return std::sin(x); };
  auto cube = [](double x) { return x * x * x; };
  CHECK(ex03::numerical_derivative(sin, 1.0) == Approx(std::cos(1.0)).epsilon(1e-8));
  CHECK(ex03::numerical_derivative([](double x) { return std::exp(x); }, 0.0) ==
        Approx(1.0).epsilon(1e-8));
  CHECK(ex03::numerical_derivative(cube, 2.0) == Approx(12.0).epsilon(1e-8));
}

TEST_CASE("ch03 ex4 numerical_derivative: central and honours h", "[ch03][ex4][exercise]") {
  auto square = [](double x) { return x * x; };
  auto cube = [](double x) { return x * x * x; };
  // Exact for a parabola; a one-sided difference would give 6 + h = 6.001.
  CHECK(ex03::numerical_derivative(square, 3.0, 1e-3) == Approx(6.0).epsilon(1e-9));
  // For x^3 at 0 the central difference is exactly h^2: 0.01 with h = 0.1.
  CHECK(ex03::numerical_derivative(cube, 0.0, 0.1) == Approx(0.01).epsilon(1e-9));
}

TEST_CASE("ch03 ex4 numerical_derivative: checks a loss gradient", "[ch03][ex4][exercise]") {
  // The use it is for: gradient-check the library's SoftmaxCrossEntropy, one logit at a time.
  Rng rng(34);
  const Tensor z = test::random_tensor({3, 4}, rng, -2, 2);
  const Tensor target = test::labels({2, 0, 3});
  SoftmaxCrossEntropy loss;
  loss.forward(z, target);
  const Tensor analytic = loss.backward();
  for (std::size_t k = 0; k < z.size(); ++k) {
    auto loss_at = [&](double v) {
      Tensor moved = z;
      moved[k] = static_cast<float>(v);
      SoftmaxCrossEntropy l;
      return static_cast<double>(l.forward(moved, target));
    };
    CHECK(ex03::numerical_derivative(loss_at, z[k], 1e-2) == Approx(analytic[k]).margin(1e-3));
  }
}
