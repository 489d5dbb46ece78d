#include "nn/data/transforms.hpp"

#include <catch2/catch.hpp>
#include <numeric>

#include "nn/data/dataset.hpp"
#include "nn/errors.hpp"

using namespace nn;

namespace {

// [1, 1, 3, 3] holding 1..9 row by row.
Tensor one_to_nine() {
  Tensor x({1, 1, 3, 3});
  std::iota(x.values().begin(), x.values().end(), 1.0f);
  return x;
}

}  // namespace

TEST_CASE("crop_with_padding moves the image and fills with zeros", "[transforms]") {
  const Tensor x = one_to_nine();
  std::vector<float> out(9);
  crop_with_padding(x.data(), out.data(), 1, 3, 3, 1, 1, 1);  // centred: unchanged
  CHECK(out == x.values());
  crop_with_padding(x.data(), out.data(), 1, 3, 3, 1, 0, 0);  // window at the top-left corner
  CHECK(out == std::vector<float>{0, 0, 0, 0, 1, 2, 0, 4, 5});
  crop_with_padding(x.data(), out.data(), 1, 3, 3, 1, 2, 1);  // moved up one row
  CHECK(out == std::vector<float>{4, 5, 6, 7, 8, 9, 0, 0, 0});
  crop_with_padding(x.data(), out.data(), 1, 3, 3, 2, 4, 4);  // pad 2, bottom-right
  CHECK(out == std::vector<float>{9, 0, 0, 0, 0, 0, 0, 0, 0});
}

TEST_CASE("flip_horizontal mirrors each row of each channel", "[transforms]") {
  Tensor x({1, 2, 1, 3}, {1, 2, 3, 4, 5, 6});
  flip_horizontal(x.data(), 2, 1, 3);
  CHECK(x.values() == std::vector<float>{3, 2, 1, 6, 5, 4});
}

TEST_CASE("augment_batch is reproducible and keeps the pixel values", "[transforms]") {
  Tensor a({64, 1, 3, 3});
  for (int i = 0; i < 64; ++i) std::iota(a.row(i), a.row(i) + 9, 1.0f);
  Tensor b = a;
  Rng r1(5), r2(5);
  const Augmentation aug{.pad = 1, .flip = true};
  augment_batch(a, aug, r1);
  augment_batch(b, aug, r2);
  CHECK(a.values() == b.values());
  int changed = 0, flipped_only = 0;
  for (int i = 0; i < 64; ++i) {
    const std::vector<float> img(a.row(i), a.row(i) + 9);
    changed += img != std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9};
    flipped_only += img == std::vector<float>{3, 2, 1, 6, 5, 4, 9, 8, 7};
    for (float v : img) REQUIRE((v >= 0.0f && v <= 9.0f));
  }
  // 9 offsets x 2 flips: about 17 of 18 draws change the image.
  CHECK(changed > 48);
  CHECK(flipped_only > 0);
  Tensor c = one_to_nine();
  Rng r3(6);
  augment_batch(c, {}, r3);  // nothing asked: nothing changes
  CHECK(c.values() == one_to_nine().values());
}

TEST_CASE("channel statistics and normalisation", "[transforms]") {
  // Channel 0 holds 1, 3 (mean 2, sd 1); channel 1 holds 10, 10 (sd ~0).
  Tensor x({2, 2, 1, 1}, {1, 10, 3, 10});
  const ChannelStats s = channel_stats(x);
  CHECK(s.mean == std::vector<float>{2, 10});
  CHECK(s.stddev[0] == Approx(1.0f));
  normalise_channels(x, {{2, 10}, {1, 2}});
  CHECK(x.values() == std::vector<float>{-1, 0, 1, 0});
  CHECK_THROWS_AS(normalise_channels(x, {{0}, {1}}), ShapeError);
  CHECK_THROWS_AS(channel_stats(Tensor({2, 3})), ShapeError);
}

TEST_CASE("DataLoader augments the batches it hands out", "[transforms][dataset]") {
  Dataset d{Tensor({8, 1, 3, 3}), Tensor({8}), {}};
  for (int i = 0; i < 8; ++i) std::iota(d.x.row(i), d.x.row(i) + 9, 1.0f);
  DataLoader plain(d, 8, false, Rng(1)), augmented(d, 8, false, Rng(1));
  augmented.set_augmentation({.pad = 1, .flip = true}, Rng(2));
  Batch p, a;
  plain.start_epoch();
  augmented.start_epoch();
  REQUIRE(plain.next(p));
  REQUIRE(augmented.next(a));
  CHECK(p.x.values() == d.x.values());
  CHECK(a.x.values() != d.x.values());
  CHECK(d.x.row(7)[0] == 1.0f);  // the data set itself is untouched
}

TEST_CASE("Dataset::sample draws without replacement", "[dataset]") {
  Dataset d{Tensor({10, 1}), Tensor({10}), {"a"}};
  for (int i = 0; i < 10; ++i) d.x[i] = d.y[i] = static_cast<float>(i);
  Rng rng(3);
  const Dataset s = d.sample(6, rng);
  REQUIRE(s.size() == 6);
  std::vector<float> seen(s.y.values());
  std::sort(seen.begin(), seen.end());
  CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
  for (int i = 0; i < 6; ++i) CHECK(s.x[i] == s.y[i]);
  CHECK_THROWS_AS(d.sample(11, rng), Error);
}
