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
// Tensors are F32, the only type our Tensor holds, with one exception: a
// counter such as batch norm's num_batches_tracked, which PyTorch keeps as a
// 0-dimensional I64 tensor. Name it in `int64_scalars` when saving: its
// one-element tensor is written as an I64 of shape []. Loading turns an I64
// scalar back into a one-element F32 tensor of shape [1].
#include <map>
#include <set>
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
/// Every name in `int64_scalars` must be a one-element tensor holding a whole
/// number; it is written as an I64 scalar.
void save_safetensors(const std::string& path, const TensorMap& tensors,
                      const Metadata& metadata = {},
                      const std::set<std::string>& int64_scalars = {});

/// Reads every tensor of a safetensors file, checking the whole file first.
/// Throws DataError naming the file and what is wrong with it. If
/// `metadata` is given it receives the "__metadata__" pairs. Reads F32
/// tensors of rank 1 to 4, and I64 scalars (shape []) as shape [1] if their
/// value is a whole number a float holds exactly (|v| <= 2^24).
TensorMap load_safetensors(const std::string& path, Metadata* metadata = nullptr);

}  // namespace nn
