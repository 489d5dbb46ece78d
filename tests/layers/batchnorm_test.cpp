#include "nn/layers/batchnorm.hpp"

#include <catch2/catch.hpp>
#include <cmath>

#include "nn/errors.hpp"
#include "nn/gradcheck.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// Mean and biased variance of channel c of an NCHW tensor.
std::pair<double, double> channel_stats(const Tensor& t, int c) {
  const int n = t.dim(0), channels = t.dim(1), plane = t.dim(2) * t.dim(3);
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i)
    for (int p = 0; p < plane; ++p) sum += t[(i * channels + c) * plane + p];
  const double mean = sum / (n * plane);
  for (int i = 0; i < n; ++i)
    for (int p = 0; p < plane; ++p) {
      const double d = t[(i * channels + c) * plane + p] - mean;
      sum_sq += d * d;
    }
  return {mean, sum_sq / (n * plane)};
}

// BatchNorm2D with random gamma and beta, so that no term hides behind 1 or 0.
BatchNorm2D random_batchnorm(int channels, Rng& rng) {
  BatchNorm2D bn(channels);
  bn.gamma() = test::random_tensor({channels}, rng, 0.5f, 2.0f);
  bn.beta() = test::random_tensor({channels}, rng);
  return bn;
}

}  // namespace

TEST_CASE("BatchNorm2D in training mode gives each channel mean beta and spread gamma",
          "[batchnorm]") {
  Rng rng(200);
  BatchNorm2D bn = random_batchnorm(3, rng);
  Tensor x = test::random_tensor({4, 3, 5, 5}, rng, -2.0f, 6.0f);
  const Tensor y = bn.forward(x);
  for (int c = 0; c < 3; ++c) {
    const auto [mean, var] = channel_stats(y, c);
    INFO("channel " << c);
    CHECK(mean == Approx(bn.beta()[c]).margin(1e-5));
    CHECK(var == Approx(bn.gamma()[c] * bn.gamma()[c]).epsilon(1e-3));
  }
}

TEST_CASE("BatchNorm2D normalises a hand-computed example", "[batchnorm]") {
  // One channel holding 1, 2, 3, 4: mean 2.5, variance 1.25.
  BatchNorm2D bn(1);
  const Tensor y = bn.forward(Tensor({1, 1, 2, 2}, {1, 2, 3, 4}));
  const float s = 1.0f / std::sqrt(1.25f + 1e-5f);
  CHECK(y[0] == Approx(-1.5f * s));
  CHECK(y[3] == Approx(1.5f * s));
  // Running statistics: 0.9 * 0 + 0.1 * 2.5, and 0.9 * 1 + 0.1 * (unbiased 5/3).
  CHECK(bn.running_mean()[0] == Approx(0.25f));
  CHECK(bn.running_var()[0] == Approx(0.9f + 0.1f * 5.0f / 3.0f));
  CHECK(bn.batches_tracked() == 1);
}

TEST_CASE("BatchNorm2D uses its running statistics in inference mode", "[batchnorm]") {
  Rng rng(201);
  BatchNorm2D bn = random_batchnorm(2, rng);
  for (int step = 0; step < 50; ++step)
    bn.forward(test::random_tensor({8, 2, 3, 3}, rng, 1.0f, 3.0f));
  CHECK(bn.batches_tracked() == 50);
  // Inputs uniform in [1, 3]: mean 2, variance 1/3, and the running values approach them.
  CHECK(bn.running_mean()[0] == Approx(2.0f).margin(0.05));
  CHECK(bn.running_var()[1] == Approx(1.0f / 3.0f).margin(0.05));
  bn.set_training(false);
  const Tensor x = test::random_tensor({2, 2, 3, 3}, rng);
  const Tensor before_mean = bn.running_mean();
  const Tensor y = bn.forward(x);
  CHECK(bn.running_mean().values() == before_mean.values());  // not updated
  CHECK(bn.batches_tracked() == 50);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const int c = static_cast<int>(i / 9) % 2;
    const float expected =
        bn.gamma()[c] * (x[i] - bn.running_mean()[c]) / std::sqrt(bn.running_var()[c] + 1e-5f) +
        bn.beta()[c];
    CHECK(y[i] == Approx(expected).margin(1e-5));
  }
  // One sample is fine in inference mode (no batch statistics are needed).
  CHECK_NOTHROW(bn.forward(test::random_tensor({1, 2, 1, 1}, rng)));
}

TEST_CASE("BatchNorm2D passes the gradient check in training mode", "[batchnorm][gradcheck]") {
  Rng rng(202);
  for (Shape shape : {Shape{4, 3, 3, 3}, Shape{2, 2, 5, 4}, Shape{6, 1, 1, 1}}) {
    BatchNorm2D bn = random_batchnorm(shape[1], rng);
    const auto report = gradcheck(bn, test::random_tensor(shape, rng));
    INFO(to_string(shape) << "\n" << report.to_string());
    CHECK(report.passed());
  }
}

TEST_CASE("BatchNorm2D passes the gradient check in inference mode", "[batchnorm][gradcheck]") {
  Rng rng(203);
  BatchNorm2D bn = random_batchnorm(3, rng);
  bn.running_mean() = test::random_tensor({3}, rng);
  bn.running_var() = test::random_tensor({3}, rng, 0.5f, 2.0f);
  bn.set_training(false);
  const auto report = gradcheck(bn, test::random_tensor({2, 3, 3, 3}, rng));
  INFO(report.to_string());
  CHECK(report.passed());
}

namespace {

// Bug: backward treats the batch mean and variance as constants, as if the
// layer were in inference mode (dx = gamma / std * dy): the most common
// mistake, and one that still trains, slowly.
struct BatchNormConstantStats : BatchNorm2D {
  using BatchNorm2D::BatchNorm2D;
  Tensor backward(const Tensor& dy) override {
    Tensor dx(dy.shape());
    const int plane = dy.dim(2) * dy.dim(3);
    for (std::size_t i = 0; i < dy.size(); ++i) {
      const int c = static_cast<int>(i / plane) % channels_;
      dx[i] = gamma_[c] * inv_std_[c] * dy[i];
    }
    return dx;
  }
};

}  // namespace

TEST_CASE("gradcheck catches batch norm backward that ignores the batch statistics",
          "[batchnorm][gradcheck][planted-bug]") {
  Rng rng(204);
  BatchNormConstantStats bn(3);
  bn.gamma() = test::random_tensor({3}, rng, 0.5f, 2.0f);
  const auto report = gradcheck(bn, test::random_tensor({4, 3, 3, 3}, rng));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
}

TEST_CASE("BatchNorm2D exposes PyTorch's parameter and buffer names", "[batchnorm]") {
  BatchNorm2D bn(4);
  CHECK(bn.name() == "BatchNorm2D(4)");
  const auto params = bn.parameters();
  REQUIRE(params.size() == 2);
  CHECK(params[0].name == "weight");
  CHECK(params[1].name == "bias");
  const auto buffers = bn.buffers();
  REQUIRE(buffers.size() == 3);
  CHECK(buffers[0].name == "running_mean");
  CHECK(buffers[1].name == "running_var");
  CHECK(buffers[2].name == "num_batches_tracked");
  CHECK(buffers[2].int64);
  CHECK(bn.parameter_count() == 8);  // buffers are not trained
}

TEST_CASE("BatchNorm2D rejects wrong shapes naming both", "[batchnorm][bad-input]") {
  BatchNorm2D bn(3);
  CHECK_THROWS_WITH(bn.forward(Tensor({2, 4, 3, 3})),
                    Catch::Contains("BatchNorm2D(3)") && Catch::Contains("[2, 4, 3, 3]"));
  CHECK_THROWS_AS(bn.forward(Tensor({2, 3})), ShapeError);
  CHECK_THROWS_WITH(bn.forward(Tensor({1, 3, 1, 1})), Catch::Contains("more than one value"));
  bn.forward(Tensor({2, 3, 2, 2}));
  CHECK_THROWS_WITH(bn.backward(Tensor({2, 3, 2, 1})),
                    Catch::Contains("BatchNorm2D(3) backward") && Catch::Contains("[2, 3, 2, 1]"));
  CHECK_THROWS_AS(BatchNorm2D(0), Error);
}
