#pragma once
// Saving and loading weights as safetensors, the format PyTorch, JAX and the
// Hugging Face tools read (https://github.com/huggingface/safetensors):
//
//   [8 bytes]  N, the header length, unsigned little-endian
//   [N bytes]  JSON: {"__metadata__": {"k": "v"},
//                     "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...}
//              padded with spaces to a multiple of 8 bytes
//   [rest]     the data area: every tensor's bytes, little-endian, C order,
//              back to back with no holes; offsets count from its start.
//
// Only F32 is read or written: it is the only type our Tensor holds.
#include <map>
#include <string>

#include "nn/tensor.hpp"

namespace nn {

/// Tensors by name ("0.weight", "0.bias", ...). A std::map keeps the names
/// sorted, the order the reference implementation writes them in.
using TensorMap = std::map<std::string, Tensor>;
/// Free-form string pairs stored under the header's "__metadata__" key.
using Metadata = std::map<std::string, std::string>;

/// Writes `tensors` to `path` atomically: a temporary file in the same
/// folder is written, flushed to disk, then renamed over `path`, so a crash
/// or a full disk never leaves a half-written checkpoint. Throws Error
/// (naming the path and the system's reason) and leaves any old file intact;
/// throws NumericalError if a tensor holds NaN or Inf.
void save_safetensors(const std::string& path, const TensorMap& tensors,
                      const Metadata& metadata = {});

/// Reads every tensor of a safetensors file, checking the whole file first.
/// Throws DataError naming the file and what is wrong with it. If
/// `metadata` is given it receives the "__metadata__" pairs.
TensorMap load_safetensors(const std::string& path, Metadata* metadata = nullptr);

}  // namespace nn
