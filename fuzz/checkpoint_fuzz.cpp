// read_checkpoint on any bytes: a safetensors file whose metadata holds the
// training run's state as JSON (nn/checkpoint.hpp). Whatever loads must be
// consistent with itself; everything else must be a DataError naming the file.
#include "fuzz_file.hpp"
#include "nn/checkpoint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nn::fuzz::read_as_file(data, size, ".safetensors", [](const std::string& path) {
    const nn::Checkpoint c = nn::read_checkpoint(path);
    const nn::TrainingProgress& p = c.progress;
    nn::fuzz::require(p.epoch >= 1 && p.step >= 0 && p.global_step >= p.step, "steps in order");
    nn::fuzz::require(p.loader.cursor >= 0 && p.loader.cursor <= p.samples, "cursor in range");
    nn::fuzz::require(p.seen >= 0, "samples seen >= 0");
  });
}
