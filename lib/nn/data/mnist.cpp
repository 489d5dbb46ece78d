#include "nn/data/mnist.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "nn/data/idx.hpp"
#include "nn/errors.hpp"

namespace nn {
namespace {

namespace fs = std::filesystem;

constexpr int kSide = 28;
constexpr int kClasses = 10;

// What differs between MNIST and Fashion-MNIST: names for messages and classes.
struct Flavour {
  std::string title;       // "MNIST", for error messages
  std::string fetch_name;  // the argument of datasets/fetch
  std::vector<std::string> classes;
};

// `dir/base` or `dir/base.gz`, whichever exists.
std::string find_file(const std::string& dir, const std::string& base, const Flavour& f) {
  for (const std::string& name : {base, base + ".gz"}) {
    const fs::path p = fs::path(dir) / name;
    if (fs::exists(p)) return p.string();
  }
  throw DataError(fmt::format("{}: {} not found (nor {}.gz): run `datasets/fetch {}`", f.title,
                              (fs::path(dir) / base).string(), base, f.fetch_name));
}

void check_images(const IdxArray& images, const std::string& path, const Flavour& f) {
  if (images.dims.size() != 3)
    throw DataError(
        fmt::format("{}: {}: images must be 3-D [N, 28, 28], the file has {} dimensions", f.title,
                    path, images.dims.size()));
  if (images.dims[1] != kSide || images.dims[2] != kSide)
    throw DataError(fmt::format("{}: {}: images are {}x{}, expected 28x28", f.title, path,
                                images.dims[1], images.dims[2]));
}

// Checks every label in the file, even past `limit`: a corrupt file is
// reported the first time it is read, not when a longer run reaches it.
void check_labels(const IdxArray& labels, const std::string& path, const Flavour& f) {
  if (labels.dims.size() != 1)
    throw DataError(fmt::format("{}: {}: labels must be 1-D [N], the file has {} dimensions",
                                f.title, path, labels.dims.size()));
  for (std::size_t i = 0; i < labels.data.size(); ++i)
    if (labels.data[i] >= kClasses)
      throw DataError(
          fmt::format("{}: {}: label {} at index {} is out of range (classes are 0 to 9)", f.title,
                      path, labels.data[i], i));
}

// Bytes 0..255 to floats in [0, 1], as [n, 1, 28, 28].
Tensor to_images(const IdxArray& images, int n) {
  Tensor x({n, 1, kSide, kSide});
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = images.data[i] / 255.0f;
  return x;
}

Tensor to_labels(const IdxArray& labels, int n) {
  Tensor y({n});
  for (int i = 0; i < n; ++i) y[i] = static_cast<float>(labels.data[i]);
  return y;
}

Dataset load(const std::string& dir, bool train, int limit, const Flavour& f) {
  if (limit < 0)
    throw Error(fmt::format("load {}: limit must be 0 (all) or positive, got {}", f.title, limit));
  if (!fs::is_directory(dir))
    throw DataError(
        fmt::format("{} not found in {}: run `datasets/fetch {}`", f.title, dir, f.fetch_name));
  const std::string prefix = train ? "train" : "t10k";
  const std::string image_path = find_file(dir, prefix + "-images-idx3-ubyte", f);
  const std::string label_path = find_file(dir, prefix + "-labels-idx1-ubyte", f);
  const IdxArray images = read_idx(image_path);
  const IdxArray labels = read_idx(label_path);
  check_images(images, image_path, f);
  check_labels(labels, label_path, f);
  if (images.dims[0] != labels.dims[0])
    throw DataError(fmt::format("{}: {} holds {} images but {} holds {} labels", f.title,
                                image_path, images.dims[0], label_path, labels.dims[0]));
  const int n = limit > 0 ? std::min(limit, images.dims[0]) : images.dims[0];
  return {to_images(images, n), to_labels(labels, n), f.classes};
}

}  // namespace

std::vector<std::string> mnist_class_names() {
  return {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
}

std::vector<std::string> fashion_mnist_class_names() {
  return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
}

Dataset load_mnist(const std::string& dir, bool train, int limit) {
  return load(dir, train, limit, {"MNIST", "mnist", mnist_class_names()});
}

Dataset load_fashion_mnist(const std::string& dir, bool train, int limit) {
  return load(dir, train, limit, {"Fashion-MNIST", "fashion-mnist", fashion_mnist_class_names()});
}

}  // namespace nn
