#include "nn/tensor.hpp"

#include <catch2/catch.hpp>

#include "nn/errors.hpp"
#include "nn/random.hpp"

using namespace nn;

TEST_CASE("Tensor holds its shape and values", "[tensor]") {
  Tensor t({2, 3}, {1, 2, 3, 4, 5, 6});
  CHECK(t.rank() == 2);
  CHECK(t.size() == 6);
  CHECK(t.at(1, 2) == 6.0f);
  CHECK(t.row_size() == 3);
  CHECK_THROWS_AS(Tensor({2, 2}, {1, 2, 3}), ShapeError);
  CHECK_THROWS_AS(Tensor({1, 1, 1, 1, 1}), ShapeError);
  CHECK_THROWS_WITH(t.reshape({4, 2}), Catch::Contains("[2, 3]") && Catch::Contains("[4, 2]"));
}

TEST_CASE("gather_rows and slice_rows pick whole samples", "[tensor]") {
  Tensor t({3, 2}, {0, 1, 10, 11, 20, 21});
  Tensor g = gather_rows(t, {2, 0});
  CHECK(g.values() == std::vector<float>{20, 21, 0, 1});
  Tensor s = slice_rows(t, 1, 3);
  CHECK(s.values() == std::vector<float>{10, 11, 20, 21});
  CHECK_THROWS_AS(gather_rows(t, {3}), ShapeError);
  CHECK(argmax_rows(t) == std::vector<int>{1, 1, 1});
}

TEST_CASE("Rng is reproducible and has the right moments", "[random]") {
  Rng a(42), b(42);
  for (int i = 0; i < 10; ++i) CHECK(a.uniform() == b.uniform());
  Rng r(7);
  double sum = 0, sq = 0;
  const int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double z = r.normal();
    sum += z;
    sq += z * z;
  }
  CHECK(std::abs(sum / n) < 0.01);
  CHECK(std::abs(sq / n - 1.0) < 0.02);
  auto p = r.permutation(10);
  std::sort(p.begin(), p.end());
  for (int i = 0; i < 10; ++i) CHECK(p[i] == i);
}
