// read_idx on any bytes: plain IDX files, and gzip streams when the input
// happens to start with 1f 8b (the seeds include .gz files).
#include "fuzz_file.hpp"
#include "nn/data/idx.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nn::fuzz::read_as_file(data, size, ".idx", [](const std::string& path) {
    const nn::IdxArray a = nn::read_idx(path);
    std::size_t product = 1;
    for (int d : a.dims) product *= static_cast<std::size_t>(d);
    nn::fuzz::require(!a.dims.empty() && a.dims.size() <= 4, "1 to 4 dimensions");
    nn::fuzz::require(a.data.size() == product, "data holds product(dims) bytes");
  });
}
