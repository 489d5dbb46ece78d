// Chapter 04 exercises (exercises/04-conv-pool/ex.hpp). Each test checks real
// values: hand-computed numbers and the library's own conv2d_direct, im2col
// and MaxPool2D, independent of the reader's code.
#include <catch2/catch.hpp>

#include "04-conv-pool/ex.hpp"
#include "nn/errors.hpp"
#include "nn/im2col.hpp"
#include "nn/layers/pooling.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// The vertical-edge detector of the book: left column minus right column.
const Tensor kVertical({1, 1, 3, 3}, {1, 0, -1, 1, 0, -1, 1, 0, -1});

}  // namespace

TEST_CASE("ch04 ex1 conv2d_forward: an edge filter by hand", "[ch04][ex1][exercise]") {
  // A 4x4 image, bright (1) in its left half and dark (0) in its right half.
  const Tensor image({1, 4, 4}, {1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0});
  const Tensor y = ex04::conv2d_forward(image, kVertical, Tensor({1}, {0.5f}), 1, 0);
  REQUIRE(y.shape() == Shape{1, 2, 2});
  // Both windows have a bright left column and a dark right one: 3 * (1 - 0), plus the bias.
  CHECK(y[0] == Approx(3.5f));
  CHECK(y[1] == Approx(3.5f));
  // With padding 1, the top output row sees two image rows (the third is
  // padding); at the left border the padding (0) is left of bright pixels.
  const Tensor p = ex04::conv2d_forward(image, kVertical, Tensor({1}), 1, 1);
  REQUIRE(p.shape() == Shape{1, 4, 4});
  const float top[4] = {-2, 2, 2, 0}, second[4] = {-3, 3, 3, 0};
  for (int c = 0; c < 4; ++c) {
    CHECK(p[c] == Approx(top[c]).margin(1e-6));
    CHECK(p[4 + c] == Approx(second[c]).margin(1e-6));
  }
}

TEST_CASE("ch04 ex1 conv2d_forward: matches nn::conv2d_direct", "[ch04][ex1][exercise]") {
  Rng rng(3);
  struct Case {
    int c, h, w, oc, k, stride, padding;
  };
  for (const Case& s :
       {Case{1, 7, 7, 1, 3, 1, 0}, Case{3, 8, 6, 4, 3, 1, 1}, Case{2, 9, 9, 3, 3, 2, 1},
        Case{3, 10, 7, 2, 5, 2, 2}, Case{2, 5, 6, 3, 2, 3, 0}}) {
    INFO("C " << s.c << " H " << s.h << " W " << s.w << " OC " << s.oc << " K " << s.k << " S "
              << s.stride << " P " << s.padding);
    const Tensor x = test::random_tensor({1, s.c, s.h, s.w}, rng);
    const Tensor w = test::random_tensor({s.oc, s.c, s.k, s.k}, rng);
    const Tensor b = test::random_tensor({s.oc}, rng);
    const Tensor expected = conv2d_direct(x, w, b, s.stride, s.padding);
    const Tensor got = ex04::conv2d_forward(x.reshaped({s.c, s.h, s.w}), w, b, s.stride, s.padding);
    REQUIRE(got.shape() == Shape{expected.dim(1), expected.dim(2), expected.dim(3)});
    CHECK(max_abs_diff(got, expected.reshaped(got.shape())) < 1e-5f);
  }
}

TEST_CASE("ch04 ex1 conv2d_forward: refuses mismatched shapes", "[ch04][ex1][exercise]") {
  const Tensor image({2, 5, 5});
  CHECK_THROWS_AS(ex04::conv2d_forward(image, Tensor({1, 3, 3, 3}), Tensor({1}), 1, 0), ShapeError);
  CHECK_THROWS_AS(ex04::conv2d_forward(image, Tensor({4, 2, 3, 3}), Tensor({3}), 1, 0), ShapeError);
  // The stub throws NotImplemented, which is not a ShapeError: this case fails on it.
  CHECK(ex04::conv2d_forward(image, Tensor({4, 2, 3, 3}), Tensor({4}), 1, 0).shape() ==
        Shape{4, 3, 3});
}

TEST_CASE("ch04 ex2 maxpool_backward: by hand", "[ch04][ex2][exercise]") {
  // 4x4 input, 2x2 windows, stride 2: the gradient goes to each window's maximum.
  const Tensor x({1, 1, 4, 4}, {1, 5, 2, 0,  //
                                3, 4, 8, 8,  // a tie in the top-right window: the first 8 wins
                                0, 0, 7, 1,  //
                                9, 2, 3, 7});
  const Tensor dy({1, 1, 2, 2}, {10, 20, 30, 40});
  const Tensor dx = ex04::maxpool_backward(x, dy, 2, 2);
  const Tensor expected({1, 1, 4, 4}, {0, 10, 0, 0,  //
                                       0, 0, 20, 0,  //
                                       0, 0, 40, 0,  //
                                       30, 0, 0, 0});
  REQUIRE(dx.shape() == x.shape());
  CHECK(max_abs_diff(dx, expected) == 0.0f);
}

TEST_CASE("ch04 ex2 maxpool_backward: matches nn::MaxPool2D and overlapping windows add up",
          "[ch04][ex2][exercise]") {
  Rng rng(5);
  for (auto [k, s] : {std::pair{2, 2}, std::pair{3, 2}, std::pair{3, 1}, std::pair{2, 3}}) {
    INFO("kernel " << k << " stride " << s);
    const Tensor x = test::random_tensor({2, 3, 7, 8}, rng);
    MaxPool2D pool(k, s);
    const Tensor y = pool.forward(x);
    const Tensor dy = test::random_tensor(y.shape(), rng);
    const Tensor expected = pool.backward(dy);
    const Tensor dx = ex04::maxpool_backward(x, dy, k, s);
    REQUIRE(dx.shape() == x.shape());
    CHECK(max_abs_diff(dx, expected) < 1e-6f);
  }
  // A single large value in the middle of a 3x3 input is the maximum of all
  // four 2x2 windows at stride 1: it receives the sum of their gradients.
  Tensor x({1, 1, 3, 3}, 0.0f);
  x[4] = 1.0f;
  const Tensor dx = ex04::maxpool_backward(x, Tensor({1, 1, 2, 2}, {1, 2, 3, 4}), 2, 1);
  CHECK(dx[4] == Approx(10.0f));
  CHECK(dx[0] == 0.0f);
}

TEST_CASE("ch04 ex3 im2col: the 4x4 example of the book", "[ch04][ex3][exercise]") {
  const Tensor image({1, 4, 4}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  const Tensor cols = ex04::im2col(image, 3, 3, 1, 0);
  REQUIRE(cols.shape() == Shape{9, 4});
  // Column 0 is the top-left window 1 2 3 / 5 6 7 / 9 10 11.
  const float first[9] = {1, 2, 3, 5, 6, 7, 9, 10, 11};
  for (int r = 0; r < 9; ++r) CHECK(cols.at(r, 0) == first[r]);
  // Row 4 (the kernel's centre tap) holds the centre pixel of every window.
  CHECK(cols.at(4, 0) == 6);
  CHECK(cols.at(4, 1) == 7);
  CHECK(cols.at(4, 2) == 10);
  CHECK(cols.at(4, 3) == 11);
}

TEST_CASE("ch04 ex3 im2col: matches nn::im2col with padding and stride", "[ch04][ex3][exercise]") {
  Rng rng(9);
  struct Case {
    int c, h, w, kh, kw, stride, padding;
  };
  for (const Case& s : {Case{1, 5, 5, 3, 3, 1, 1}, Case{3, 6, 7, 3, 2, 2, 1},
                        Case{2, 9, 8, 5, 5, 2, 2}, Case{2, 4, 4, 1, 1, 1, 0}}) {
    INFO("C " << s.c << " H " << s.h << " W " << s.w << " K " << s.kh << "x" << s.kw << " S "
              << s.stride << " P " << s.padding);
    const Tensor x = test::random_tensor({s.c, s.h, s.w}, rng);
    const Tensor expected = nn::im2col(x, s.kh, s.kw, s.stride, s.padding);
    const Tensor got = ex04::im2col(x, s.kh, s.kw, s.stride, s.padding);
    REQUIRE(got.shape() == expected.shape());
    CHECK(max_abs_diff(got, expected) == 0.0f);
  }
}
