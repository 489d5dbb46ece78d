#include "nn/layers/dropout.hpp"

#include <catch2/catch.hpp>

#include "nn/errors.hpp"
#include "nn/gradcheck.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

double mean(const Tensor& t) {
  double s = 0;
  for (float v : t.values()) s += v;
  return s / static_cast<double>(t.size());
}

}  // namespace

TEST_CASE("Dropout is the identity in inference mode", "[dropout]") {
  Rng rng(90);
  Dropout dropout(0.5f, Rng(1));
  dropout.set_training(false);
  const Tensor x = test::random_tensor({4, 10}, rng);
  CHECK(dropout.forward(x).values() == x.values());
  CHECK(dropout.backward(x).values() == x.values());
}

TEST_CASE("Dropout keeps about 1 - p of the units and preserves the mean", "[dropout]") {
  for (float p : {0.25f, 0.5f, 0.8f}) {
    Dropout dropout(p, Rng(2));
    const Tensor x({100, 1000}, 1.0f);
    const Tensor y = dropout.forward(x);
    INFO("p = " << p);
    CHECK(mean(dropout.mask()) == Approx(1 - p).margin(0.01));  // fraction kept
    CHECK(mean(y) == Approx(1.0).margin(0.03));                 // E[y] = x
    int wrong = 0;  // kept units scaled by 1 / (1 - p), dropped ones 0
    for (std::size_t i = 0; i < y.size(); ++i)
      wrong += y[i] != (dropout.mask()[i] == 1.0f ? 1.0f / (1.0f - p) : 0.0f);
    CHECK(wrong == 0);
  }
  CHECK(Dropout(0.0f, Rng(3)).forward(Tensor({2, 3}, 4.0f)).values() ==
        std::vector<float>(6, 4.0f));
}

TEST_CASE("Dropout masks come from the layer's seed", "[dropout]") {
  const Tensor x({8, 50}, 1.0f);
  Dropout a(0.5f, Rng(7)), b(0.5f, Rng(7)), c(0.5f, Rng(8));
  const Tensor ya = a.forward(x);
  CHECK(b.forward(x).values() == ya.values());  // same seed, same mask
  CHECK(c.forward(x).values() != ya.values());
  CHECK(a.forward(x).values() != ya.values());  // a new mask on every call
  a.freeze_mask();
  const Tensor frozen = a.forward(x);
  CHECK(a.forward(x).values() == frozen.values());
}

TEST_CASE("Dropout backward applies the forward mask and scale", "[dropout]") {
  Dropout dropout(0.5f, Rng(9));
  const Tensor mask({1, 4}, {1, 0, 0, 1});
  CHECK(dropout.forward_with_mask(Tensor({1, 4}, {1, 2, 3, 4}), mask).values() ==
        std::vector<float>{2, 0, 0, 8});
  CHECK(dropout.mask().values() == mask.values());
  CHECK(dropout.backward(Tensor({1, 4}, 1.0f)).values() == std::vector<float>{2, 0, 0, 2});
}

TEST_CASE("Dropout with a fixed mask passes the gradient check", "[dropout][gradcheck]") {
  Rng rng(91);
  Dropout dropout(0.3f, Rng(10));
  const Tensor x = test::random_tensor({4, 6}, rng);
  dropout.forward(x);
  dropout.freeze_mask();  // gradcheck calls forward again and again
  const auto report = gradcheck(dropout, x);
  INFO(report.to_string());
  CHECK(report.passed());
}

TEST_CASE("Dropout rejects bad rates and masks", "[dropout][bad-input]") {
  CHECK_THROWS_AS(Dropout(1.0f, Rng(0)), Error);
  CHECK_THROWS_AS(Dropout(-0.1f, Rng(0)), Error);
  Dropout dropout(0.5f, Rng(0));
  CHECK(dropout.name() == "Dropout(0.5)");
  CHECK_THROWS_WITH(
      dropout.forward_with_mask(Tensor({2, 3}), Tensor({3, 2})),
      Catch::Contains("Dropout(0.5)") && Catch::Contains("[2, 3]") && Catch::Contains("[3, 2]"));
  CHECK_THROWS_WITH(dropout.forward_with_mask(Tensor({1, 2}), Tensor({1, 2}, {1, 2})),
                    Catch::Contains("0 (drop) and 1 (keep)"));
  dropout.forward(Tensor({2, 3}));
  CHECK_THROWS_WITH(dropout.backward(Tensor({2, 4})),
                    Catch::Contains("Dropout(0.5) backward") && Catch::Contains("[2, 4]"));
}

namespace {

// Bug: backward applies the mask but forgets the 1 / (1 - p) scale.
struct DropoutNoScale : Dropout {
  using Dropout::Dropout;
  Tensor backward(const Tensor& dy) override {
    Tensor dx(dy.shape());
    for (std::size_t i = 0; i < dy.size(); ++i) dx[i] = dy[i] * mask()[i];
    return dx;
  }
};

}  // namespace

TEST_CASE("gradcheck catches dropout without the inverted scale",
          "[dropout][gradcheck][planted-bug]") {
  Rng rng(92);
  DropoutNoScale dropout(0.5f, Rng(11));
  const Tensor x = test::random_tensor({4, 6}, rng);
  dropout.forward(x);
  dropout.freeze_mask();
  const auto report = gradcheck(dropout, x);
  INFO(report.to_string());
  CHECK_FALSE(report.passed());
}
