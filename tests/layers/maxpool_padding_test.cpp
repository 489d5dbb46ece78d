// MaxPool2D with padding (ResNet's 3x3, stride 2, padding 1 pooling).
#include <catch2/catch.hpp>
#include <limits>

#include "nn/errors.hpp"
#include "nn/gradcheck.hpp"
#include "nn/layers/pooling.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// The oracle: pad with -infinity, then take the plain maximum of each window.
Tensor padded_max_pool(const Tensor& x, int k, int s, int p) {
  const int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
  const int oh = (h + 2 * p - k) / s + 1, ow = (w + 2 * p - k) / s + 1;
  Tensor y({n, c, oh, ow});
  for (int i = 0; i < n * c; ++i)
    for (int r = 0; r < oh; ++r)
      for (int q = 0; q < ow; ++q) {
        float best = -std::numeric_limits<float>::infinity();
        for (int a = 0; a < k; ++a)
          for (int b = 0; b < k; ++b) {
            const int row = r * s - p + a, col = q * s - p + b;
            if (row >= 0 && row < h && col >= 0 && col < w)
              best = std::max(best, x[(static_cast<std::size_t>(i) * h + row) * w + col]);
          }
        y[(static_cast<std::size_t>(i) * oh + r) * ow + q] = best;
      }
  return y;
}

}  // namespace

TEST_CASE("MaxPool2D with padding equals pooling over a -infinity border", "[pool]") {
  Rng rng(21);
  struct Case {
    int h, w, k, s, p;
  };
  for (const Case& t : {Case{8, 8, 3, 2, 1}, Case{7, 5, 3, 2, 1}, Case{6, 6, 2, 2, 1},
                        Case{5, 9, 5, 1, 2}, Case{1, 1, 3, 2, 1}}) {
    INFO(t.h << "x" << t.w << " k" << t.k << " s" << t.s << " p" << t.p);
    MaxPool2D pool(t.k, t.s, t.p);
    // All negative: a border of zeros instead of -infinity would win.
    const Tensor x = test::random_tensor({2, 3, t.h, t.w}, rng, -2.0f, -0.1f);
    const Tensor y = pool.forward(x);
    CHECK(y.shape() == pool.output_shape(x.shape()));
    CHECK(y.values() == padded_max_pool(x, t.k, t.s, t.p).values());
  }
  CHECK(MaxPool2D(3, 2, 1).output_shape({1, 64, 112, 112}) == Shape{1, 64, 56, 56});
  CHECK(MaxPool2D(3, 2, 1).name() == "MaxPool2D(3x3, stride 2, padding 1)");
}

TEST_CASE("MaxPool2D with padding passes the gradient check", "[pool][gradcheck]") {
  Rng rng(22);
  MaxPool2D pool(3, 2, 1);
  // Distinct values, far apart compared with the check's step.
  Tensor x({1, 2, 5, 5});
  const auto order = rng.permutation(static_cast<int>(x.size()));
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.05f * order[i];
  const GradCheckReport report = gradcheck(pool, x);
  INFO(report.to_string());
  CHECK(report.passed());
}

TEST_CASE("MaxPool2D refuses padding beyond half the window", "[pool][bad-input]") {
  CHECK_THROWS_AS(MaxPool2D(3, 2, 2), Error);
  CHECK_THROWS_AS(MaxPool2D(3, 2, -1), Error);
}
