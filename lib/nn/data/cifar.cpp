#include "nn/data/cifar.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "nn/data/image_folder.hpp"
#include "nn/errors.hpp"

namespace nn {
namespace {

namespace fs = std::filesystem;

constexpr int kSide = 32;
constexpr std::size_t kPixels = 3 * kSide * kSide;  // 3072
constexpr std::size_t kRecord = 1 + kPixels;        // 3073

std::vector<unsigned char> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw DataError(fmt::format("CIFAR-10: {}: cannot open (run `datasets/fetch cifar10`)", path));
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  if (in.bad()) throw DataError(fmt::format("CIFAR-10: {}: read error", path));
  if (bytes.empty()) throw DataError(fmt::format("CIFAR-10: {}: the file is empty", path));
  if (bytes.size() % kRecord != 0)
    throw DataError(
        fmt::format("CIFAR-10: {}: {} bytes is not a whole number of {}-byte records "
                    "(truncated or not a CIFAR-10 binary file)",
                    path, bytes.size(), kRecord));
  return bytes;
}

}  // namespace

std::vector<std::string> cifar10_class_names() {
  return {"airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};
}

//! [read-cifar]
Dataset read_cifar10_binary(const std::vector<std::string>& files) {
  std::vector<std::vector<unsigned char>> contents;
  std::size_t n = 0;
  for (const auto& path : files) {
    contents.push_back(read_file(path));
    n += contents.back().size() / kRecord;
  }
  Dataset d{Tensor({static_cast<int>(n), 3, kSide, kSide}), Tensor({static_cast<int>(n)}),
            cifar10_class_names()};
  std::size_t i = 0;
  for (std::size_t f = 0; f < files.size(); ++f)
    for (std::size_t r = 0; r < contents[f].size(); r += kRecord, ++i) {
      const unsigned char* record = contents[f].data() + r;
      if (record[0] > 9)
        throw DataError(fmt::format("CIFAR-10: {}: label {} in record {} is out of range (0 to 9)",
                                    files[f], record[0], r / kRecord));
      d.y[i] = record[0];
      // The file's planes R, G, B of 32 rows each are already NCHW order.
      float* x = d.x.row(static_cast<int>(i));
      for (std::size_t k = 0; k < kPixels; ++k) x[k] = record[1 + k] / 255.0f;
    }
  return d;
}
//! [read-cifar]

Dataset load_cifar10(const std::string& dir, bool train, std::string* version) {
  const fs::path binary = fs::path(dir) / "cifar-10-batches-bin";
  if (fs::is_directory(binary)) {
    std::vector<std::string> files;
    if (train)
      for (int b = 1; b <= 5; ++b)
        files.push_back((binary / fmt::format("data_batch_{}.bin", b)).string());
    else
      files.push_back((binary / "test_batch.bin").string());
    if (version) *version = "binary";
    return read_cifar10_binary(files);
  }
  const fs::path folder = fs::path(dir) / (train ? "train" : "test");
  if (!fs::is_directory(folder))
    throw DataError(
        fmt::format("CIFAR-10 not found in {} (neither cifar-10-batches-bin/ nor {}/): "
                    "run `datasets/fetch cifar10`",
                    dir, train ? "train" : "test"));
  Dataset d = load_image_folder(folder.string(), {.channels = 3, .height = kSide, .width = kSide});
  if (d.class_names != cifar10_class_names())
    throw DataError(
        fmt::format("CIFAR-10: {} has classes other than the ten of CIFAR-10", folder.string()));
  if (version) *version = "jpeg";
  return d;
}

}  // namespace nn
