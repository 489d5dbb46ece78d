// load_image_folder with any bytes as its ".nncache" file (the decoded copy
// a first load writes; nn/data/image_folder.hpp). The folder itself is good:
// 2 classes x 2 PPM images of 2x2 RGB pixels, written once at start-up (the
// same folder make_seeds.py builds its cache seeds for). So every load must
// return that data set: read from the cache when the cache is valid, else
// decoded again with the cache rebuilt. Checked besides "no crash":
//   - shape, labels and class names are the folder's;
//   - a rebuilt cache gives the decoded pixels and leaves the valid cache;
//   - the valid cache itself is read, not rebuilt.
// A cache with a forged checksum may give other pixels (the checksum is the
// only guard there); they must still be bytes / 255. Each input is also
// tried with its checksum made to fit (with_fitting_checksum), so that the
// checks behind the checksum are fuzzed too.
//
// NN_FUZZ_VERBOSE=1 prints for each input whether the cache was read or rebuilt.
#include <sys/stat.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <vector>

#include "fuzz_file.hpp"
#include "nn/data/image_folder.hpp"

namespace {

namespace fs = std::filesystem;

const int kSide = 2;  // images are kSide x kSide, 3 channels

struct Folder {
  std::string dir, cache;
  nn::Dataset decoded;      // loaded with no cache
  std::string valid_cache;  // the bytes a first load writes
  bool verbose = false;

  nn::ImageFolderOptions options(const std::string& cache_path) const {
    return {
        .channels = 3, .height = kSide, .width = kSide, .cache_path = cache_path, .quiet = true};
  }
};

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ino_t inode_of(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

// The folder: CLASS/K.ppm for CLASS in {cat, dog}, K in {0, 1}; image
// i = 2 * class + K has the pixel bytes (37 * (12 * i + j) + 11) mod 256,
// j = 0..11 (make_seeds.py, image_folder_files, must agree).
Folder make_folder() {
  Folder f;
  f.dir = nn::fuzz::scratch_path("-folder");
  f.cache = nn::fuzz::scratch_path(".nncache");
  f.verbose = std::getenv("NN_FUZZ_VERBOSE") != nullptr;
  fs::remove_all(f.dir);
  const char* classes[] = {"cat", "dog"};
  for (int i = 0; i < 4; ++i) {
    const fs::path sub = fs::path(f.dir) / classes[i / 2];
    fs::create_directories(sub);
    std::string ppm = "P6\n2 2\n255\n";
    for (int j = 0; j < 3 * kSide * kSide; ++j)
      ppm += static_cast<char>((37 * (12 * i + j) + 11) % 256);
    const std::string path = (sub / (std::to_string(i % 2) + ".ppm")).string();
    nn::fuzz::write_file(path, reinterpret_cast<const std::uint8_t*>(ppm.data()), ppm.size());
  }
  f.decoded = nn::load_image_folder(f.dir, f.options("none"));
  std::remove(f.cache.c_str());
  nn::load_image_folder(f.dir, f.options(f.cache));
  f.valid_cache = read_bytes(f.cache);
  const ino_t written = inode_of(f.cache);
  nn::load_image_folder(f.dir, f.options(f.cache));
  nn::fuzz::require(!f.valid_cache.empty() && inode_of(f.cache) == written,
                    "set-up: the cache is written, then read");
  std::remove(f.cache.c_str());
  return f;
}

const Folder& folder() {
  static const Folder f = make_folder();
  static const struct Cleanup {
    ~Cleanup() { fs::remove_all(f.dir); }
  } cleanup;
  return f;
}

void check(const Folder& f, const std::string& input) {
  using nn::fuzz::require;
  const ino_t before = inode_of(f.cache);
  const nn::Dataset d = nn::load_image_folder(f.dir, f.options(f.cache));
  const bool rebuilt = inode_of(f.cache) != before;
  if (f.verbose) std::fprintf(stderr, "cache %s\n", rebuilt ? "rebuilt" : "read");

  require(d.x.shape() == f.decoded.x.shape(), "images are [4, 3, 2, 2]");
  require(d.y.values() == f.decoded.y.values(), "labels are the folder's");
  require(d.class_names == f.decoded.class_names, "class names are the folder's");
  if (input == f.valid_cache) require(!rebuilt, "a valid cache is read, not rebuilt");
  if (rebuilt) {
    require(d.x.values() == f.decoded.x.values(), "a rebuilt cache gives the decoded pixels");
    require(read_bytes(f.cache) == f.valid_cache, "the rebuilt cache is the valid one");
  } else {
    for (float v : d.x.values()) {
      const float byte = v * 255.0f;
      require(byte >= 0.0f && byte <= 255.0f && std::fabs(byte - std::round(byte)) < 1e-3f,
              "pixels are bytes / 255");
    }
  }
}

// The input with the checksum its body needs written into its header (bytes
// 48 to 55; the FNV-1a of lib/nn/data/image_folder.cpp over everything after
// the 56-byte header). Mutations almost never keep a 64-bit checksum right,
// so without this the checks behind it (classes, labels, the pixels) would
// see only the seeds' bodies.
std::string with_fitting_checksum(std::string bytes) {
  const std::size_t header = 56;
  if (bytes.size() < header) return bytes;
  std::uint64_t h = 1469598103934665603ull;
  std::size_t i = header;
  for (; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * 1099511628211ull;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<std::uint8_t>(bytes[i])) * 1099511628211ull;
  std::memcpy(bytes.data() + 48, &h, 8);
  return bytes;
}

void load_with_cache(const Folder& f, const std::string& bytes) {
  nn::fuzz::write_file(f.cache, reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  // The folder is good, so no error is expected at all: an nn::Error here
  // (unlike in the other targets) is a finding too.
  try {
    check(f, bytes);
  } catch (const nn::Error& e) {
    std::fprintf(stderr, "fuzz: load_image_folder threw: %s\n", e.what());
    std::abort();
  }
  std::remove(f.cache.c_str());
}

}  // namespace

// Each input is tried as it is, then (if that changes it) with a fitting checksum.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Folder& f = folder();
  const std::string input(reinterpret_cast<const char*>(data), size);
  load_with_cache(f, input);
  const std::string fitted = with_fitting_checksum(input);
  if (fitted != input) load_with_cache(f, fitted);
  return 0;
}
