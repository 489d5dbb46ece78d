// read_cifar10_binary on any bytes: a CIFAR-10 binary batch is records of
// 1 label byte + 3,072 pixel bytes, so most inputs must be refused with a
// clear error (not a whole number of records, a label above 9).
#include "fuzz_file.hpp"
#include "nn/data/cifar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nn::fuzz::read_as_file(data, size, ".bin", [](const std::string& path) {
    const nn::Dataset d = nn::read_cifar10_binary({path});
    nn::fuzz::require(d.x.rank() == 4 && d.x.dim(1) == 3 && d.x.dim(2) == 32 && d.x.dim(3) == 32,
                      "images are [N, 3, 32, 32]");
    nn::fuzz::require(d.x.dim(0) == d.y.dim(0), "one label per image");
    for (float label : d.y.values()) nn::fuzz::require(label >= 0 && label <= 9, "labels 0-9");
    for (float v : d.x.values()) nn::fuzz::require(v >= 0.0f && v <= 1.0f, "pixels in [0, 1]");
  });
}
