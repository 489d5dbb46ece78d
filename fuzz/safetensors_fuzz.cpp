// load_safetensors on any bytes. What it accepts must survive a round trip:
// saved again and reloaded, the same names, shapes, values and metadata.
#include "fuzz_file.hpp"
#include "nn/serialize.hpp"

namespace {

bool same(const nn::TensorMap& a, const nn::TensorMap& b) {
  if (a.size() != b.size()) return false;
  for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib) {
    if (ia->first != ib->first || ia->second.shape() != ib->second.shape()) return false;
    for (std::size_t i = 0; i < ia->second.size(); ++i)
      if (ia->second[i] != ib->second[i]) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nn::fuzz::read_as_file(data, size, ".safetensors", [](const std::string& path) {
    nn::Metadata metadata;
    const nn::TensorMap tensors = nn::load_safetensors(path, &metadata);
    const std::string again = path + ".again";
    nn::Metadata metadata_again;
    nn::TensorMap tensors_again;
    try {
      nn::save_safetensors(again, tensors, metadata);
      tensors_again = nn::load_safetensors(again, &metadata_again);
    } catch (const nn::Error& e) {
      std::fprintf(stderr, "fuzz: a file that loads cannot be saved and reloaded: %s\n", e.what());
      std::abort();
    }
    std::remove(again.c_str());
    nn::fuzz::require(same(tensors, tensors_again), "round trip keeps every tensor");
    nn::fuzz::require(metadata == metadata_again, "round trip keeps the metadata");
  });
}
