#pragma once
// What every fuzz target shares. The library's readers take a path, not a
// buffer (they must also report missing files), so each input libFuzzer
// makes is written to a scratch file and the reader is pointed at it.
//
// The contract under test: a reader given any bytes either returns a valid
// result or throws nn::Error (DataError, ...). Any other exception escapes
// LLVMFuzzerTestOneInput, std::terminate aborts, and libFuzzer reports it as
// a crash, like an out-of-bounds read that AddressSanitizer catches.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "nn/errors.hpp"

namespace nn::fuzz {

/// A file of this process's own (in /dev/shm when there is one: no disk
/// writes), named with `suffix` so readers that look at names see a real one.
inline std::string scratch_path(const std::string& suffix) {
  const std::filesystem::path dir = std::filesystem::is_directory("/dev/shm")
                                        ? "/dev/shm"
                                        : std::filesystem::temp_directory_path();
  return (dir / ("nn-fuzz-" + std::to_string(::getpid()) + suffix)).string();
}

inline void write_file(const std::string& path, const std::uint8_t* data, std::size_t size) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f || std::fwrite(data, 1, size, f) != size || std::fclose(f) != 0) {
    std::perror(path.c_str());
    std::abort();  // the harness is broken, not the reader: stop at once
  }
}

/// Writes the input to a scratch file and hands its path to `read`; a
/// thrown nn::Error is the reader correctly refusing a bad file.
template <class Read>
int read_as_file(const std::uint8_t* data, std::size_t size, const std::string& suffix, Read read) {
  const std::string path = scratch_path(suffix);
  write_file(path, data, size);
  try {
    read(path);
  } catch (const nn::Error&) {
  }
  std::remove(path.c_str());
  return 0;
}

/// A check on a reader's result: a wrong answer is a finding too.
inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz: broken invariant: %s\n", what);
    std::abort();
  }
}

}  // namespace nn::fuzz
