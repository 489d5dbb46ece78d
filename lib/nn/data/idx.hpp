#pragma once
// The IDX format of MNIST and Fashion-MNIST (LeCun et al.): a 4-byte magic
// number 0x00 0x00 <type> <ndims>, then ndims big-endian int32 dimensions,
// then the data in row-major order. The files are often gzip-compressed.
#include <cstdint>
#include <string>
#include <vector>

namespace nn {

/// The contents of an IDX file of unsigned bytes (type code 0x08).
struct IdxArray {
  std::vector<int> dims;           // e.g. {60000, 28, 28}
  std::vector<std::uint8_t> data;  // product(dims) bytes, row-major
};

/// Reads a plain or gzip-compressed IDX file (gzip is recognised by its magic
/// bytes 1f 8b, not by the name). Throws DataError, naming the file and the
/// problem, if the file is missing, truncated, corrupt, of another type than
/// unsigned byte, larger than 1 GiB, or followed by trailing bytes.
IdxArray read_idx(const std::string& path);

}  // namespace nn
