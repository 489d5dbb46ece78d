// Chapter 08 exercises (exercises/08-cnn-cifar/ex.hpp).
#include <catch2/catch.hpp>
#include <numeric>

#include "08-cnn-cifar/ex.hpp"
#include "nn/errors.hpp"
#include "nn/layers/batchnorm.hpp"
#include "nn/layers/residual.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

struct BatchNormCase {
  Tensor x, gamma, beta;
};

BatchNormCase random_case(Shape shape, Rng& rng) {
  return {test::random_tensor(shape, rng, -2.0f, 3.0f),
          test::random_tensor({shape[1]}, rng, 0.5f, 2.0f), test::random_tensor({shape[1]}, rng)};
}

// The library's layer with the same gamma and beta, in training mode.
BatchNorm2D reference(const BatchNormCase& c) {
  BatchNorm2D bn(c.gamma.dim(0));
  bn.gamma() = c.gamma;
  bn.beta() = c.beta;
  return bn;
}

}  // namespace

TEST_CASE("ch08 ex1 batchnorm_forward: equals the library's layer in training mode",
          "[ch08][ex1][exercise]") {
  Rng rng(80);
  for (Shape shape : {Shape{4, 3, 5, 5}, Shape{2, 2, 1, 7}, Shape{8, 1, 1, 1}}) {
    const BatchNormCase c = random_case(shape, rng);
    ex08::BatchNormCache cache;
    const Tensor y = ex08::batchnorm_forward(c.x, c.gamma, c.beta, 1e-5f, cache);
    BatchNorm2D bn = reference(c);
    INFO(to_string(shape));
    REQUIRE(y.shape() == shape);
    CHECK(max_abs_diff(y, bn.forward(c.x)) < 1e-4f);
    REQUIRE(cache.inv_std.shape() == Shape{shape[1]});
    CHECK(cache.xhat.shape() == shape);
  }
}

TEST_CASE("ch08 ex1 batchnorm_forward: a hand-computed channel and bad shapes",
          "[ch08][ex1][exercise]") {
  // Values 1, 2, 3, 4: mean 2.5, biased variance 1.25; gamma 2, beta 1.
  ex08::BatchNormCache cache;
  const Tensor y = ex08::batchnorm_forward(Tensor({2, 1, 1, 2}, {1, 2, 3, 4}), Tensor({1}, 2.0f),
                                           Tensor({1}, 1.0f), 0.0f, cache);
  const float s = 1.0f / std::sqrt(1.25f);
  CHECK(y[0] == Approx(1 - 3 * s));
  CHECK(y[3] == Approx(1 + 3 * s));
  CHECK(cache.inv_std[0] == Approx(s));
  CHECK(cache.xhat[1] == Approx(-0.5f * s));
  CHECK_THROWS_AS(ex08::batchnorm_forward(Tensor({2, 3}), Tensor({3}), Tensor({3}), 1e-5f, cache),
                  ShapeError);
  CHECK_THROWS_AS(
      ex08::batchnorm_forward(Tensor({2, 3, 1, 1}), Tensor({2}), Tensor({3}), 1e-5f, cache),
      ShapeError);
}

TEST_CASE("ch08 ex2 batchnorm_backward: equals the library's layer", "[ch08][ex2][exercise]") {
  Rng rng(81);
  const BatchNormCase c = random_case({4, 3, 3, 3}, rng);
  const Tensor dy = test::random_tensor({4, 3, 3, 3}, rng);
  ex08::BatchNormCache cache;
  ex08::batchnorm_forward(c.x, c.gamma, c.beta, 1e-5f, cache);
  Tensor dgamma, dbeta;
  const Tensor dx = ex08::batchnorm_backward(dy, c.gamma, cache, dgamma, dbeta);
  BatchNorm2D bn = reference(c);
  bn.zero_grad();
  bn.forward(c.x);
  const Tensor expected = bn.backward(dy);
  CHECK(max_abs_diff(dx, expected) < 1e-4f);
  CHECK(max_abs_diff(dgamma, *bn.parameters()[0].grad) < 1e-4f);
  CHECK(max_abs_diff(dbeta, *bn.parameters()[1].grad) < 1e-4f);
}

TEST_CASE("ch08 ex2 batchnorm_backward: matches central differences", "[ch08][ex2][exercise]") {
  // L = sum(G * y); dL/dx by central differences of the reader's own forward.
  Rng rng(82);
  BatchNormCase c = random_case({3, 2, 2, 2}, rng);
  const Tensor g = test::random_tensor({3, 2, 2, 2}, rng);
  auto loss = [&]() {
    ex08::BatchNormCache unused;
    const Tensor y = ex08::batchnorm_forward(c.x, c.gamma, c.beta, 1e-5f, unused);
    double s = 0;
    for (std::size_t i = 0; i < y.size(); ++i) s += static_cast<double>(g[i]) * y[i];
    return s;
  };
  ex08::BatchNormCache cache;
  ex08::batchnorm_forward(c.x, c.gamma, c.beta, 1e-5f, cache);
  Tensor dgamma, dbeta;
  const Tensor dx = ex08::batchnorm_backward(g, c.gamma, cache, dgamma, dbeta);
  for (std::size_t i = 0; i < c.x.size(); ++i) {
    const float saved = c.x[i];
    c.x[i] = saved + 1e-2f;
    const double plus = loss();
    c.x[i] = saved - 1e-2f;
    const double minus = loss();
    c.x[i] = saved;
    INFO("element " << i);
    CHECK(dx[i] == Approx((plus - minus) / 2e-2).margin(2e-3));
  }
}

namespace {

// Two identical blocks (same seed): one run by nn::Residual, one by the reader's backward.
void compare_with_residual(int in, int out, int stride) {
  Rng a(83), b(83), data(84);
  auto reference_block = basic_block(in, out, stride, a);
  auto copy = basic_block(in, out, stride, b);
  const Tensor x = test::random_tensor({2, in, 6, 6}, data);
  const Tensor y = reference_block->forward(x);
  const Tensor dy = test::random_tensor(y.shape(), data);
  reference_block->zero_grad();
  const Tensor expected = reference_block->backward(dy);

  Sequential& body = copy->body();
  Sequential& shortcut = copy->shortcut();
  body.forward(x);
  if (shortcut.size() > 0) shortcut.forward(x);
  copy->zero_grad();
  const Tensor dx = ex08::residual_backward(body, shortcut, dy);
  INFO(in << " -> " << out << " stride " << stride);
  REQUIRE(dx.shape() == x.shape());
  CHECK(max_abs_diff(dx, expected) < 1e-5f);
  auto p = reference_block->parameters(), q = copy->parameters();
  for (std::size_t k = 0; k < p.size(); ++k) {
    INFO(p[k].name);
    CHECK(max_abs_diff(*p[k].grad, *q[k].grad) < 1e-5f);
  }
}

}  // namespace

TEST_CASE("ch08 ex3 residual_backward: identity shortcut", "[ch08][ex3][exercise]") {
  compare_with_residual(3, 3, 1);
}

TEST_CASE("ch08 ex3 residual_backward: projection shortcut", "[ch08][ex3][exercise]") {
  compare_with_residual(2, 4, 2);
}

TEST_CASE("ch08 ex4 random_crop: offsets move the image and pad with zeros",
          "[ch08][ex4][exercise]") {
  Tensor image({1, 2, 3, 3});
  std::iota(image.values().begin(), image.values().end(),
            1.0f);  // channel 0: 1..9, channel 1: 10..18
  CHECK(ex08::random_crop(image, 1, 1, 1).values() == image.values());
  const Tensor corner = ex08::random_crop(image, 1, 0, 0);
  CHECK(std::vector<float>(corner.data(), corner.data() + 9) ==
        std::vector<float>{0, 0, 0, 0, 1, 2, 0, 4, 5});
  CHECK(std::vector<float>(corner.data() + 9, corner.data() + 18) ==
        std::vector<float>{0, 0, 0, 0, 10, 11, 0, 13, 14});
  const Tensor right = ex08::random_crop(image, 2, 2, 4);  // moved left by two columns
  CHECK(std::vector<float>(right.data(), right.data() + 9) ==
        std::vector<float>{3, 0, 0, 6, 0, 0, 9, 0, 0});
  CHECK(ex08::random_crop(image, 0, 0, 0).values() == image.values());
}

TEST_CASE("ch08 ex4 random_crop: bad offsets and shapes", "[ch08][ex4][exercise]") {
  const Tensor image({1, 1, 3, 3}, 1.0f);
  CHECK_THROWS_AS(ex08::random_crop(image, 1, 3, 0), Error);
  CHECK_THROWS_AS(ex08::random_crop(image, 1, 0, -1), Error);
  CHECK_THROWS_AS(ex08::random_crop(Tensor({2, 1, 3, 3}), 1, 0, 0), ShapeError);
}
