#include "nn/data/mnist.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "nn/errors.hpp"

using namespace nn;
using Catch::Contains;

namespace {

const std::string kTiny = std::string(NN_FIXTURES_DIR) + "/mnist-tiny";
std::string bad(const std::string& name) {
  return std::string(NN_FIXTURES_DIR) + "/mnist-bad/" + name;
}

// The fixture's rule (tools/make_fixtures.py): class c is a bright bar at row 3 + 2c.
int brightest_row(const Tensor& x, int sample) {
  int best = 0;
  float best_sum = -1;
  for (int r = 0; r < 28; ++r) {
    float sum = 0;
    for (int c = 0; c < 28; ++c) sum += x[(static_cast<std::size_t>(sample) * 28 + r) * 28 + c];
    if (sum > best_sum) best_sum = sum, best = r;
  }
  return best;
}

}  // namespace

TEST_CASE("load_mnist reads the training and test sets, plain and gzipped files", "[data]") {
  const Dataset train = load_mnist(kTiny + "/mnist", true);
  const Dataset test = load_mnist(kTiny + "/mnist", false);
  CHECK(train.x.shape() == Shape{60, 1, 28, 28});
  CHECK(train.y.shape() == Shape{60});
  CHECK(test.x.shape() == Shape{30, 1, 28, 28});
  CHECK(train.class_names == mnist_class_names());
  for (int i = 0; i < train.size(); ++i) {
    CHECK(train.y[i] == static_cast<float>(i % 10));
    CHECK((brightest_row(train.x, i) - 3) / 2 == i % 10);  // the bar is rows 3+2c, 4+2c
  }
  float lo = 1, hi = 0;
  for (float v : train.x.values()) lo = std::min(lo, v), hi = std::max(hi, v);
  CHECK(lo >= 0.0f);
  CHECK(hi <= 1.0f);
  CHECK(hi > 0.75f);  // the bars are 200..255
}

TEST_CASE("load_mnist keeps the first `limit` samples", "[data]") {
  const Dataset all = load_mnist(kTiny + "/mnist", true);
  const Dataset some = load_mnist(kTiny + "/mnist", true, 7);
  REQUIRE(some.size() == 7);
  for (std::size_t i = 0; i < some.x.size(); ++i) REQUIRE(some.x[i] == all.x[i]);
  CHECK(load_mnist(kTiny + "/mnist", true, 1000).size() == 60);
}

TEST_CASE("load_fashion_mnist reads the same layout with clothing class names", "[data]") {
  const Dataset train = load_fashion_mnist(kTiny + "/fashion-mnist", true);
  CHECK(train.size() == 60);
  CHECK(train.class_names.size() == 10);
  CHECK(train.class_names[9] == "Ankle boot");
}

TEST_CASE("load_mnist: a missing folder says which data set to fetch", "[data][bad-input]") {
  const std::string dir = kTiny + "/no-such-folder";
  CHECK_THROWS_AS(load_mnist(dir, true), DataError);
  CHECK_THROWS_WITH(load_mnist(dir, true),
                    Contains("MNIST not found in " + dir) && Contains("datasets/fetch mnist"));
  CHECK_THROWS_WITH(load_fashion_mnist(dir, true), Contains("Fashion-MNIST not found in " + dir) &&
                                                       Contains("datasets/fetch fashion-mnist"));
}

TEST_CASE("load_mnist: a missing labels file", "[data][bad-input]") {
  const std::string dir = bad("no-labels");
  CHECK_THROWS_AS(load_mnist(dir, true), DataError);
  CHECK_THROWS_WITH(load_mnist(dir, true),
                    Contains(dir + "/train-labels-idx1-ubyte") && Contains("not found"));
}

TEST_CASE("load_mnist: a label out of range names the file, index and label", "[data][bad-input]") {
  const std::string dir = bad("label-out-of-range");
  CHECK_THROWS_AS(load_mnist(dir, true), DataError);
  CHECK_THROWS_WITH(load_mnist(dir, true), Contains(dir + "/train-labels-idx1-ubyte") &&
                                               Contains("label 12 at index 3 is out of range"));
  // Checked even when `limit` would not reach it.
  CHECK_THROWS_AS(load_mnist(dir, true, 1), DataError);
}

TEST_CASE("load_mnist: image and label counts differ", "[data][bad-input]") {
  const std::string dir = bad("count-mismatch");
  CHECK_THROWS_AS(load_mnist(dir, true), DataError);
  CHECK_THROWS_WITH(load_mnist(dir, true),
                    Contains(dir + "/train-images-idx3-ubyte.gz holds 5 images") &&
                        Contains(dir + "/train-labels-idx1-ubyte holds 4 labels"));
}

TEST_CASE("load_mnist: images and labels of the wrong rank or size", "[data][bad-input]") {
  CHECK_THROWS_AS(load_mnist(bad("images-2d"), true), DataError);
  CHECK_THROWS_WITH(
      load_mnist(bad("images-2d"), true),
      Contains(bad("images-2d") + "/train-images-idx3-ubyte.gz") && Contains("images must be 3-D"));
  CHECK_THROWS_WITH(load_mnist(bad("images-14x14"), true),
                    Contains(bad("images-14x14")) && Contains("images are 14x14, expected 28x28"));
  CHECK_THROWS_AS(load_mnist(bad("labels-2d"), true), DataError);
  CHECK_THROWS_WITH(
      load_mnist(bad("labels-2d"), true),
      Contains(bad("labels-2d") + "/train-labels-idx1-ubyte") && Contains("labels must be 1-D"));
}

TEST_CASE("load_mnist: a negative limit", "[data][bad-input]") {
  CHECK_THROWS_WITH(load_mnist(kTiny + "/mnist", true, -1), Contains("limit") && Contains("-1"));
}
