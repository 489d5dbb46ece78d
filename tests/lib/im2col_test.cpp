#include "nn/im2col.hpp"

#include <catch2/catch.hpp>

#include "nn/errors.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

TEST_CASE("conv_output_size is (H + 2P - K) / S + 1", "[conv]") {
  CHECK(conv_output_size(28, 3, 1, 0) == 26);
  CHECK(conv_output_size(28, 3, 1, 1) == 28);  // "same" padding
  CHECK(conv_output_size(28, 3, 2, 1) == 14);
  CHECK(conv_output_size(7, 5, 1, 2) == 7);
  CHECK(conv_output_size(6, 3, 2, 0) == 2);  // the last column is never a window's start
  CHECK(conv_output_size(3, 3, 1, 0) == 1);
}

TEST_CASE("im2col lays out one receptive field per column", "[conv]") {
  // Image 1 x 3 x 3 holding 1..9, kernel 2x2, stride 1: four windows.
  const Tensor image({1, 3, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9});
  const Tensor cols = im2col(image, 2, 2);
  CHECK(cols.shape() == Shape{4, 4});                      // rows = C*KH*KW, columns = OH*OW
  CHECK(cols.values() == std::vector<float>{1, 2, 4, 5,    // kernel tap (0, 0) at each position
                                            2, 3, 5, 6,    // tap (0, 1)
                                            4, 5, 7, 8,    // tap (1, 0)
                                            5, 6, 8, 9});  // tap (1, 1)
}

TEST_CASE("im2col writes zeros for the padding", "[conv]") {
  // 1 x 2 x 2 image, kernel 3x3, padding 1: 2x2 output, centre tap sees the image.
  const Tensor image({1, 2, 2}, {1, 2, 3, 4});
  const Tensor cols = im2col(image, 3, 3, 1, 1);
  REQUIRE(cols.shape() == Shape{9, 4});
  CHECK(std::vector<float>(cols.data() + 4 * 4, cols.data() + 5 * 4) ==
        std::vector<float>{1, 2, 3, 4});  // tap (1, 1)
  CHECK(std::vector<float>(cols.data(), cols.data() + 4) ==
        std::vector<float>{0, 0, 0, 1});  // (0, 0)
}

TEST_CASE("col2im adds overlapping patches", "[conv]") {
  // Columns of ones: each pixel receives the number of windows that cover it.
  const Tensor ones({4, 4}, 1.0f);
  const Tensor counts = col2im(ones, {1, 3, 3}, 2, 2);
  CHECK(counts.values() == std::vector<float>{1, 2, 1, 2, 4, 2, 1, 2, 1});
  // Stride 2, kernel 3 on 5x5: the middle row and column are shared.
  const Tensor c2 = col2im(Tensor({9, 4}, 1.0f), {1, 5, 5}, 3, 3, 2, 0);
  CHECK(c2[0] == 1);
  CHECK(c2[2] == 2);
  CHECK(c2[12] == 4);
}

TEST_CASE("col2im is the transpose of im2col: <im2col(x), c> = <x, col2im(c)>", "[conv]") {
  Rng rng(40);
  struct Case {
    Shape shape;
    int kh, kw, s, p;
  };
  for (const Case& t : {Case{{2, 3, 7, 5}, 3, 3, 1, 0}, Case{{1, 2, 6, 6}, 3, 3, 2, 1},
                        Case{{2, 1, 5, 8}, 5, 2, 1, 2}, Case{{3, 4, 4}, 1, 1, 1, 0},
                        Case{{1, 2, 9, 7}, 4, 3, 3, 2}}) {
    const Tensor x = test::random_tensor(t.shape, rng);
    const Tensor cx = im2col(x, t.kh, t.kw, t.s, t.p);
    const Tensor c = test::random_tensor(cx.shape(), rng);
    const Tensor xc = col2im(c, t.shape, t.kh, t.kw, t.s, t.p);
    double lhs = 0, rhs = 0;
    for (std::size_t i = 0; i < c.size(); ++i) lhs += double(cx[i]) * c[i];
    for (std::size_t i = 0; i < x.size(); ++i) rhs += double(x[i]) * xc[i];
    INFO(to_string(t.shape) << " kernel " << t.kh << "x" << t.kw << " s" << t.s << " p" << t.p);
    CHECK(lhs == Approx(rhs).epsilon(1e-5));
  }
}

TEST_CASE("a batch's columns are each image's columns in turn", "[conv]") {
  Rng rng(41);
  const Tensor batch = test::random_tensor({3, 2, 5, 6}, rng);
  const Tensor all = im2col(batch, 3, 3, 2, 1);
  REQUIRE(all.shape() == Shape{3, 18, 9});
  const Tensor second = im2col(slice_rows(batch, 1, 2).reshaped({2, 5, 6}), 3, 3, 2, 1);
  CHECK(std::equal(second.values().begin(), second.values().end(), all.row(1)));
}

TEST_CASE("im2col rejects bad shapes", "[conv][bad-input]") {
  CHECK_THROWS_AS(im2col(Tensor({2, 2}), 3, 3), ShapeError);
  CHECK_THROWS_WITH(im2col(Tensor({1, 2, 2}), 3, 3), Catch::Contains("smaller than the kernel"));
  CHECK_THROWS_AS(im2col(Tensor({1, 5, 5}), 3, 3, 0), ShapeError);
  CHECK_THROWS_WITH(col2im(Tensor({9, 5}), {1, 4, 4}, 3, 3),
                    Catch::Contains("[9, 4]") && Catch::Contains("[9, 5]"));
  CHECK_THROWS_WITH(conv2d_direct(Tensor({1, 2, 5, 5}), Tensor({4, 3, 3, 3}), Tensor({4})),
                    Catch::Contains("[1, 2, 5, 5]") && Catch::Contains("[4, 3, 3, 3]"));
}
