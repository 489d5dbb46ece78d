#include "nn/data/cifar.hpp"

#include <catch2/catch.hpp>

#include "nn/errors.hpp"

using namespace nn;

namespace {
const std::string kTiny = NN_FIXTURES_DIR "/cifar-tiny/cifar10";
const std::string kBad = NN_FIXTURES_DIR "/cifar-bad/";
}  // namespace

TEST_CASE("CIFAR-10 binary files load as NCHW images and labels", "[cifar]") {
  const Dataset d = read_cifar10_binary({kBad + "good.bin"});
  REQUIRE(d.x.shape() == Shape{2, 3, 32, 32});
  CHECK(d.y.values() == std::vector<float>{0, 1});
  CHECK(d.class_names.size() == 10);
  CHECK(d.class_names[3] == "cat");
  // Class 0's square is red (plane 0) at rows and columns 4..11; class 1's is
  // green (plane 1) at columns 12..19: the planes are the file's R, G, B.
  CHECK(d.x.row(0)[0 * 1024 + 5 * 32 + 6] >= 200 / 255.0f);
  CHECK(d.x.row(0)[1 * 1024 + 5 * 32 + 6] < 60 / 255.0f);
  CHECK(d.x.row(1)[1 * 1024 + 5 * 32 + 14] >= 200 / 255.0f);
  for (float v : d.x.values()) REQUIRE((v >= 0.0f && v <= 1.0f));
}

TEST_CASE("load_cifar10 reads the five training batches and the test batch", "[cifar]") {
  std::string version;
  const Dataset train = load_cifar10(kTiny, true, &version);
  CHECK(version == "binary");
  CHECK(train.x.shape() == Shape{50, 3, 32, 32});
  const Dataset test = load_cifar10(kTiny, false);
  CHECK(test.size() == 20);
  CHECK(test.y[19] == 9.0f);
}

TEST_CASE("CIFAR-10 loader rejects broken files naming them", "[cifar][bad-input]") {
  CHECK_THROWS_WITH(read_cifar10_binary({kBad + "truncated.bin"}),
                    Catch::Contains("truncated.bin") &&
                        Catch::Contains("not a whole number of 3073-byte records"));
  CHECK_THROWS_WITH(read_cifar10_binary({kBad + "empty.bin"}),
                    Catch::Contains("empty.bin: the file is empty"));
  CHECK_THROWS_WITH(read_cifar10_binary({kBad + "bad-label.bin"}),
                    Catch::Contains("bad-label.bin: label 12 in record 1 is out of range"));
  CHECK_THROWS_WITH(
      read_cifar10_binary({kBad + "missing.bin"}),
      Catch::Contains("missing.bin: cannot open") && Catch::Contains("datasets/fetch cifar10"));
  CHECK_THROWS_WITH(load_cifar10(kBad, true), Catch::Contains("CIFAR-10 not found") &&
                                                  Catch::Contains("datasets/fetch cifar10"));
}
