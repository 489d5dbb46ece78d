// Resizing and cropping images (book chapter 10), against PyTorch's
// F.interpolate(mode="bilinear", align_corners=False) on the fixture that
// tools/make_fixtures.py wrote, and against values worked out by hand.
#include "nn/data/resize.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "nn/errors.hpp"
#include "nn/serialize.hpp"

using namespace nn;

namespace {
const std::string kIo = std::string(NN_FIXTURES_DIR) + "/resnet18-tiny/io.safetensors";
}

TEST_CASE("resize_bilinear matches PyTorch's bilinear interpolation", "[resize]") {
  const TensorMap io = load_safetensors(kIo);
  const Tensor& in = io.at("resize_in");  // [1, 2, 5, 7] -> [1, 2, 9, 4]: up and down
  const Tensor& expected = io.at("resize_out");
  const Tensor out = resize_bilinear(in, 9, 4);
  REQUIRE(out.shape() == expected.shape());
  for (std::size_t i = 0; i < out.size(); ++i) {
    INFO("element " << i);
    CHECK(out[i] == Approx(expected[i]).margin(1e-6));
  }
}

TEST_CASE("resize_bilinear samples at pixel centres", "[resize]") {
  // 1x2 -> 1x4: output centres at input x = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (-> 1).
  const Tensor x({1, 1, 1, 2}, {0, 8});
  CHECK(resize_bilinear(x, 1, 4).values() == std::vector<float>{0, 2, 6, 8});
  // The same size gives the image back; a constant stays constant.
  const Tensor img({1, 1, 2, 3}, {1, 2, 3, 4, 5, 6});
  CHECK(resize_bilinear(img, 2, 3).values() == img.values());
  const Tensor flat = resize_bilinear(Tensor({2, 3, 4, 5}, 0.25f), 7, 3);
  for (float v : flat.values()) CHECK(v == 0.25f);
  CHECK_THROWS_AS(resize_bilinear(Tensor({4, 5}), 2, 2), ShapeError);
}

TEST_CASE("center_crop cuts the central window as torchvision rounds it", "[resize]") {
  Tensor x({1, 1, 4, 5});
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i);
  // top = round(2 / 2) = 1; left = round(3 / 2) = 2 (half to even, as Python rounds).
  CHECK(center_crop(x, 2, 2).values() == std::vector<float>{7, 8, 12, 13});
  CHECK(center_crop(x, 4, 5).values() == x.values());
  CHECK_THROWS_AS(center_crop(x, 5, 5), ShapeError);
}
