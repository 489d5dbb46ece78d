#include "nn/layers/pooling.hpp"

#include <catch2/catch.hpp>

#include "nn/errors.hpp"
#include "nn/gradcheck.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// Distinct values 0.05 apart in random order: the gradient check's step of
// 1e-2 can never change which element of a window is the largest.
Tensor distinct_values(Shape shape, Rng& rng) {
  Tensor t(std::move(shape));
  const auto order = rng.permutation(static_cast<int>(t.size()));
  for (std::size_t i = 0; i < t.size(); ++i)
    t[i] = 0.05f * (order[i] - static_cast<float>(t.size()) / 2);
  return t;
}

}  // namespace

TEST_CASE("MaxPool2D takes the largest value of each window", "[pool]") {
  const Tensor x({1, 1, 4, 4}, {1, 2, 5, 6,   //
                                3, 4, 8, 7,   //
                                -1, 0, 2, 2,  //
                                -3, -2, 1, 0});
  MaxPool2D pool(2);
  const Tensor y = pool.forward(x);
  CHECK(y.shape() == Shape{1, 1, 2, 2});
  CHECK(y.values() == std::vector<float>{4, 8, 0, 2});
  CHECK(pool.argmax() == std::vector<std::size_t>{5, 6, 9, 10});  // (2, 2) ties with (2, 3)
  // The gradient goes to the maximum of each window only.
  const Tensor dx = pool.backward(Tensor({1, 1, 2, 2}, {1, 2, 3, 4}));
  CHECK(dx.values() == std::vector<float>{0, 0, 0, 0,  //
                                          0, 1, 2, 0,  //
                                          0, 3, 4, 0,  //
                                          0, 0, 0, 0});
}

TEST_CASE("MaxPool2D sends a tie's whole gradient to the first maximum", "[pool]") {
  MaxPool2D pool(3);
  const Tensor x({1, 1, 3, 3}, {0, 7, 1, 7, 7, 2, 3, 7, 7});
  CHECK(pool.forward(x).values() == std::vector<float>{7});
  const Tensor dx = pool.backward(Tensor({1, 1, 1, 1}, {2.5f}));
  CHECK(dx.values() == std::vector<float>{0, 2.5f, 0, 0, 0, 0, 0, 0, 0});
  // A constant window (as after ReLU zeroed it) routes to its top-left element.
  MaxPool2D pool2(2);
  pool2.forward(Tensor({1, 1, 2, 2}, 0.0f));
  CHECK(pool2.backward(Tensor({1, 1, 1, 1}, {1})).values() == std::vector<float>{1, 0, 0, 0});
}

TEST_CASE("overlapping max-pool windows add their gradients", "[pool]") {
  // A 2 x 3 image, kernel 2, stride 1: the middle column is in both windows.
  MaxPool2D pool(2, 1);
  const Tensor x({1, 1, 2, 3}, {0, 9, 1, 2, 3, 4});
  CHECK(pool.forward(x).values() == std::vector<float>{9, 9});
  CHECK(pool.backward(Tensor({1, 1, 1, 2}, {1, 10})).values() ==
        std::vector<float>{0, 11, 0, 0, 0, 0});
}

TEST_CASE("AvgPool2D averages and shares the gradient equally", "[pool]") {
  AvgPool2D pool(2);
  const Tensor x({1, 2, 2, 2}, {1, 2, 3, 4, -4, 0, 0, 0});
  CHECK(pool.forward(x).values() == std::vector<float>{2.5f, -1});
  CHECK(pool.backward(Tensor({1, 2, 1, 1}, {4, 8})).values() ==
        std::vector<float>{1, 1, 1, 1, 2, 2, 2, 2});
}

TEST_CASE("pooling drops the rows and columns that do not fill a window", "[pool]") {
  CHECK(MaxPool2D(2).output_shape({8, 64, 25, 24}) == Shape{8, 64, 12, 12});
  CHECK(AvgPool2D(3, 2).output_shape({1, 3, 7, 8}) == Shape{1, 3, 3, 3});
  Rng rng(70);
  MaxPool2D pool(2);
  const Tensor x = distinct_values({1, 1, 5, 5}, rng);
  pool.forward(x);
  const Tensor dx = pool.backward(Tensor({1, 1, 2, 2}, 1.0f));
  for (int i = 0; i < 5; ++i) CHECK(dx[4 * 5 + i] == 0);  // the last row never pooled
}

TEST_CASE("pooling gradients pass the gradient check", "[pool][gradcheck]") {
  Rng rng(71);
  struct Case {
    int k, s;
    Shape shape;
  };
  for (const Case& t : {Case{2, 2, {2, 3, 6, 6}}, Case{3, 2, {2, 2, 7, 8}},
                        Case{2, 1, {1, 2, 5, 5}}, Case{3, 3, {1, 1, 7, 9}}}) {
    const Tensor x = distinct_values(t.shape, rng);
    MaxPool2D max_pool(t.k, t.s);
    AvgPool2D avg_pool(t.k, t.s);
    for (Layer* layer : {static_cast<Layer*>(&max_pool), static_cast<Layer*>(&avg_pool)}) {
      const auto report = gradcheck(*layer, x);
      INFO(to_string(t.shape) << "\n" << report.to_string());
      CHECK(report.passed());
    }
  }
}

TEST_CASE("pooling names itself and both shapes on a wrong input", "[pool][bad-input]") {
  CHECK(MaxPool2D(2).name() == "MaxPool2D(2x2)");
  CHECK(AvgPool2D(3, 2).name() == "AvgPool2D(3x3, stride 2)");
  MaxPool2D pool(2);
  CHECK_THROWS_AS(pool.forward(Tensor({4, 16})), ShapeError);
  CHECK_THROWS_WITH(pool.forward(Tensor({4, 16})), Catch::Contains("MaxPool2D(2x2)") &&
                                                       Catch::Contains("[N, C, H, W]") &&
                                                       Catch::Contains("[4, 16]"));
  CHECK_THROWS_WITH(AvgPool2D(3).forward(Tensor({1, 1, 2, 8})),
                    Catch::Contains("AvgPool2D(3x3)") && Catch::Contains("[1, 1, 2, 8]") &&
                        Catch::Contains("smaller than the 3x3 window"));
  pool.forward(Tensor({2, 3, 4, 4}));
  CHECK_THROWS_WITH(pool.backward(Tensor({2, 3, 4, 4})),
                    Catch::Contains("MaxPool2D(2x2) backward") && Catch::Contains("[2, 3, 2, 2]") &&
                        Catch::Contains("[2, 3, 4, 4]"));
  CHECK_THROWS_AS(MaxPool2D(0), Error);
}

// ---------------------------------------------------------------- planted bugs

namespace {

// Bug: the gradient goes to the window's top-left element, not to its maximum.
struct MaxPoolToTopLeft : MaxPool2D {
  using MaxPool2D::MaxPool2D;
  Shape in;
  Tensor forward(const Tensor& x) override {
    in = x.shape();
    return MaxPool2D::forward(x);
  }
  Tensor backward(const Tensor& dy) override {
    Tensor dx(in);
    const int OH = dy.dim(2), OW = dy.dim(3), H = in[2], W = in[3];
    for (int p = 0; p < dy.dim(0) * dy.dim(1); ++p)
      for (int oh = 0; oh < OH; ++oh)
        for (int ow = 0; ow < OW; ++ow)
          dx[(p * H + oh * stride()) * W + ow * stride()] += dy[(p * OH + oh) * OW + ow];
    return dx;
  }
};

// Bug: with overlapping windows, dx[argmax] = dy overwrites instead of adding.
struct MaxPoolOverwrites : MaxPool2D {
  using MaxPool2D::MaxPool2D;
  Shape in;
  Tensor forward(const Tensor& x) override {
    in = x.shape();
    return MaxPool2D::forward(x);
  }
  Tensor backward(const Tensor& dy) override {
    Tensor dx(in);
    for (std::size_t o = 0; o < dy.size(); ++o) dx[argmax()[o]] = dy[o];
    return dx;
  }
};

// Bug: average pooling's gradient not divided by the window's area.
struct AvgPoolNoDivide : AvgPool2D {
  using AvgPool2D::AvgPool2D;
  Tensor backward(const Tensor& dy) override {
    Tensor dx = AvgPool2D::backward(dy);
    for (float& v : dx.values()) v *= static_cast<float>(kernel() * kernel());
    return dx;
  }
};

}  // namespace

TEST_CASE("gradcheck catches max-pool gradients routed to the wrong input",
          "[pool][gradcheck][planted-bug]") {
  Rng rng(72);
  MaxPoolToTopLeft pool(2);
  const auto report = gradcheck(pool, distinct_values({2, 2, 6, 6}, rng));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
}

TEST_CASE("gradcheck catches overlapping max-pool windows that overwrite",
          "[pool][gradcheck][planted-bug]") {
  Rng rng(73);
  MaxPoolOverwrites overlapping(3, 1);
  const auto report = gradcheck(overlapping, distinct_values({2, 2, 6, 6}, rng));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
  // The same bug is harmless when windows do not overlap: the check passes.
  MaxPoolOverwrites tiled(2);
  CHECK(gradcheck(tiled, distinct_values({2, 2, 6, 6}, rng)).passed());
}

TEST_CASE("gradcheck catches an average pool that forgets 1/K^2",
          "[pool][gradcheck][planted-bug]") {
  Rng rng(74);
  AvgPoolNoDivide pool(2);
  const auto report = gradcheck(pool, test::random_tensor({2, 2, 4, 4}, rng));
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
  CHECK(report.results[0].failed == report.results[0].checked);
}
