#include "nn/layers/flatten.hpp"

#include <catch2/catch.hpp>

#include "nn/errors.hpp"
#include "nn/gradcheck.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

TEST_CASE("Flatten keeps each sample's elements in NCHW order", "[flatten]") {
  Flatten flatten;
  Tensor x({2, 2, 1, 3});
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
  const Tensor y = flatten.forward(x);
  CHECK(y.shape() == Shape{2, 6});
  CHECK(y.values() == x.values());
  CHECK(flatten.output_shape({64, 64, 12, 12}) == Shape{64, 9216});
  CHECK(flatten.output_shape({5, 7}) == Shape{5, 7});
  const Tensor dx = flatten.backward(y);
  CHECK(dx.shape() == x.shape());
  CHECK(dx.values() == x.values());
}

TEST_CASE("Flatten passes the gradient check", "[flatten][gradcheck]") {
  Rng rng(80);
  Flatten flatten;
  const auto report = gradcheck(flatten, test::random_tensor({3, 2, 4, 5}, rng));
  INFO(report.to_string());
  CHECK(report.passed());
}

TEST_CASE("Flatten rejects inputs without a batch dimension", "[flatten][bad-input]") {
  Flatten flatten;
  CHECK_THROWS_AS(flatten.forward(Tensor({10})), ShapeError);
  CHECK_THROWS_WITH(flatten.forward(Tensor({10})),
                    Catch::Contains("Flatten") && Catch::Contains("[10]"));
  flatten.forward(Tensor({2, 3, 2, 2}));
  CHECK_THROWS_WITH(flatten.backward(Tensor({2, 10})), Catch::Contains("Flatten backward") &&
                                                           Catch::Contains("[2, 12]") &&
                                                           Catch::Contains("[2, 10]"));
}

namespace {

// Bug: backward unflattens as channels-last [N, H, W, C] while forward
// flattened NCHW: the right numbers reach the wrong pixels.
struct FlattenChannelsLast : Flatten {
  Shape in;
  Tensor forward(const Tensor& x) override {
    in = x.shape();
    return Flatten::forward(x);
  }
  Tensor backward(const Tensor& dy) override {
    const int N = in[0], C = in[1], H = in[2], W = in[3];
    Tensor dx(in);
    for (int n = 0; n < N; ++n)
      for (int c = 0; c < C; ++c)
        for (int h = 0; h < H; ++h)
          for (int w = 0; w < W; ++w)
            dx[((n * C + c) * H + h) * W + w] = dy[((n * H + h) * W + w) * C + c];
    return dx;
  }
};

}  // namespace

TEST_CASE("gradcheck catches a Flatten that unflattens in the wrong order",
          "[flatten][gradcheck][planted-bug]") {
  Rng rng(81);
  FlattenChannelsLast flatten;
  const auto report = gradcheck(flatten, test::random_tensor({2, 3, 2, 2}, rng));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
}
