#include "nn/data/dataset.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "nn/errors.hpp"

using namespace nn;

namespace {

// n samples whose input and target both hold the sample's index.
Dataset numbered(int n) {
  Dataset d{Tensor({n, 2}), Tensor({n}), {}};
  for (int i = 0; i < n; ++i) d.x.at(i, 0) = d.x.at(i, 1) = d.y[i] = static_cast<float>(i);
  return d;
}

// The sample indices of one epoch, in the order the loader hands them out;
// also checks that inputs and targets stay paired.
std::vector<int> one_epoch(DataLoader& loader, std::vector<int>* batch_sizes = nullptr) {
  std::vector<int> seen;
  Batch b;
  loader.start_epoch();
  while (loader.next(b)) {
    REQUIRE(b.x.rows() == b.y.rows());
    if (batch_sizes) batch_sizes->push_back(b.x.rows());
    for (int i = 0; i < b.x.rows(); ++i) {
      REQUIRE(b.x.at(i, 0) == b.y[i]);
      seen.push_back(static_cast<int>(b.y[i]));
    }
  }
  return seen;
}

bool is_permutation_of_range(std::vector<int> v, int n) {
  std::sort(v.begin(), v.end());
  for (int i = 0; i < n; ++i)
    if (i >= static_cast<int>(v.size()) || v[i] != i) return false;
  return static_cast<int>(v.size()) == n;
}

}  // namespace

TEST_CASE("DataLoader visits every sample exactly once per epoch", "[data]") {
  const Dataset d = numbered(23);
  for (bool shuffle : {false, true}) {
    DataLoader loader(d, 5, shuffle, Rng(1));
    for (int epoch = 0; epoch < 3; ++epoch) CHECK(is_permutation_of_range(one_epoch(loader), 23));
  }
}

TEST_CASE("DataLoader without shuffling keeps the data's order", "[data]") {
  const Dataset d = numbered(7);
  DataLoader loader(d, 3, false, Rng(1));
  CHECK(one_epoch(loader) == std::vector<int>{0, 1, 2, 3, 4, 5, 6});
}

TEST_CASE("DataLoader ends with a partial batch", "[data]") {
  const Dataset d = numbered(23);
  DataLoader loader(d, 5, true, Rng(1));
  CHECK(loader.batches_per_epoch() == 5);
  std::vector<int> sizes;
  one_epoch(loader, &sizes);
  CHECK(sizes == std::vector<int>{5, 5, 5, 5, 3});
  DataLoader exact(d, 23, false, Rng(1));
  CHECK(exact.batches_per_epoch() == 1);
}

TEST_CASE("DataLoader shuffling is reproducible with the same seed", "[data]") {
  const Dataset d = numbered(50);
  DataLoader a(d, 8, true, Rng(7)), b(d, 8, true, Rng(7)), c(d, 8, true, Rng(8));
  const std::vector<int> a1 = one_epoch(a), a2 = one_epoch(a);
  CHECK(a1 == one_epoch(b));
  CHECK(a2 == one_epoch(b));  // the same sequence of epochs, not just the first
  CHECK(a1 != a2);            // a new order every epoch
  CHECK(a1 != one_epoch(c));  // another seed, another order
}

TEST_CASE("DataLoader refuses a bad batch size or mismatched data", "[data][bad-input]") {
  const Dataset d = numbered(4);
  CHECK_THROWS_WITH(DataLoader(d, 0, false, Rng(1)),
                    Catch::Contains("batch size must be positive"));
  const Dataset mismatched{Tensor({4, 2}), Tensor({3}), {}};
  CHECK_THROWS_AS(DataLoader(mismatched, 2, false, Rng(1)), ShapeError);
}
