// load_image (lib/nn/data/image.hpp) on the fixtures of tools/make_fixtures.py:
// known pixels of a 4x3 RGB and a 4x3 grey PNG, and broken files that must
// give a DataError naming the file, never a crash or a huge allocation.
#include "nn/data/image.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "nn/errors.hpp"

using namespace nn;
using Catch::Contains;

namespace {

std::string fixture(const std::string& name) {
  return std::string(NN_FIXTURES_DIR) + "/images/" + name;
}

// Pixel (row, col) of channel c of a [1, C, H, W] image, as the byte it came from.
int byte_at(const Tensor& t, int c, int row, int col) {
  const std::size_t i = (static_cast<std::size_t>(c) * t.dim(2) + row) * t.dim(3) + col;
  return static_cast<int>(t[i] * 255.0f + 0.5f);
}

void check_refused(const std::string& name, const std::string& problem) {
  const std::string path = fixture(name);
  INFO(name);
  CHECK_THROWS_AS(load_image(path, 1), DataError);
  CHECK_THROWS_WITH(load_image(path, 3), Contains(path) && Contains(problem));
}

}  // namespace

TEST_CASE("load_image reads an RGB PNG as [1, 3, H, W] in [0, 1]", "[image]") {
  const Tensor t = load_image(fixture("rgb-4x3.png"), 3);
  REQUIRE(t.shape() == Shape{1, 3, 3, 4});
  // Row 0: red, green, blue, white (planar: channel 0 is red).
  for (int col = 0; col < 4; ++col)
    for (int c = 0; c < 3; ++c) CHECK(byte_at(t, c, 0, col) == ((col == c || col == 3) ? 255 : 0));
  // Row 2 holds 10, 20, ..., 120 in file order (R, G, B of each pixel in turn).
  for (int col = 0; col < 4; ++col)
    for (int c = 0; c < 3; ++c) CHECK(byte_at(t, c, 2, col) == 10 * (3 * col + c + 1));
  CHECK(t[0] == 1.0f);  // 255 / 255 exactly
  for (float v : t.values()) {
    CHECK(v >= 0.0f);
    CHECK(v <= 1.0f);
  }
}

TEST_CASE("load_image converts colour to grey and grey to colour", "[image]") {
  const Tensor grey = load_image(fixture("rgb-4x3.png"), 1);
  REQUIRE(grey.shape() == Shape{1, 1, 3, 4});
  // Luma weights: green counts most, blue least; white stays white, greys stay.
  CHECK(byte_at(grey, 0, 0, 1) > byte_at(grey, 0, 0, 0));
  CHECK(byte_at(grey, 0, 0, 0) > byte_at(grey, 0, 0, 2));
  CHECK(byte_at(grey, 0, 0, 0) == Approx(0.299 * 255).margin(2));
  CHECK(byte_at(grey, 0, 0, 3) == 255);
  CHECK(byte_at(grey, 0, 1, 0) == 0);
  CHECK(byte_at(grey, 0, 1, 2) == Approx(128).margin(1));

  const Tensor g1 = load_image(fixture("grey-4x3.png"), 1);
  REQUIRE(g1.shape() == Shape{1, 1, 3, 4});
  const int expected[3][4] = {{0, 85, 170, 255}, {1, 2, 3, 4}, {250, 251, 252, 253}};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) CHECK(byte_at(g1, 0, r, c) == expected[r][c]);
  const Tensor g3 = load_image(fixture("grey-4x3.png"), 3);
  REQUIRE(g3.shape() == Shape{1, 3, 3, 4});
  for (int c = 0; c < 3; ++c) CHECK(byte_at(g3, c, 0, 1) == 85);
}

TEST_CASE("load_image takes only 1 or 3 channels", "[image][bad-input]") {
  CHECK_THROWS_WITH(load_image(fixture("rgb-4x3.png"), 2), Contains("channels must be 1"));
  CHECK_THROWS_AS(load_image(fixture("rgb-4x3.png"), 4), Error);
}

TEST_CASE("load_image: a missing file is a DataError naming it", "[image][bad-input]") {
  check_refused("no-such-file.png", "cannot open");
}

TEST_CASE("load_image: an empty file or a text file is not an image", "[image][bad-input]") {
  check_refused("empty.png", "empty");
  check_refused("not-an-image.png", "not a readable image");
}

TEST_CASE("load_image: a truncated PNG is refused", "[image][bad-input]") {
  check_refused("truncated.png", "image");  // stb_image's reason varies with where the cut falls
  CHECK_THROWS_WITH(load_image(fixture("truncated.png"), 1),
                    Contains("truncated") || Contains("not a readable image"));
}

TEST_CASE("load_image: absurd declared sizes are refused before decoding", "[image][bad-input]") {
  // 12000 x 12000 passes stb_image's own limits: our check refuses it.
  check_refused("big-12000.png", "12000x12000");
  // 100000 x 100000 is refused by stb_image's header check or ours.
  check_refused("huge-100000.png", "image");
}
