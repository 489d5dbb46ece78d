#include "nn/data/image_folder.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "nn/data/image.hpp"
#include "nn/errors.hpp"

namespace nn {
namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- the folder

struct Listing {
  std::vector<std::string> classes;
  std::vector<std::string> files;  // full paths, class by class, sorted
  std::vector<std::uint8_t> labels;
  std::uint64_t fingerprint = 0;  // of every relative path and size
};

// FNV-1a, 64 bits, taken over 8-byte words (then the last bytes one by
// one): a checksum that any change of a byte alters, fast enough to check
// 150 MB in a fraction of a second.
struct Fnv {
  std::uint64_t h = 1469598103934665603ull;
  void add(const void* data, std::size_t n) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      std::uint64_t word;
      std::memcpy(&word, p + i, 8);
      h = (h ^ word) * 1099511628211ull;
    }
    for (; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  }
  void add(const std::string& s) { add(s.data(), s.size() + 1); }  // with the '\0'
  void add(std::uint64_t v) { add(&v, sizeof v); }
};

std::vector<std::string> sorted_entries(const fs::path& dir, bool folders) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir))
    if (folders ? e.is_directory() : e.is_regular_file()) names.push_back(e.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

Listing list_folder(const std::string& dir) {
  if (!fs::is_directory(dir))
    throw DataError(fmt::format("image folder {}: not found (or not a folder)", dir));
  Listing l;
  l.classes = sorted_entries(dir, true);
  if (l.classes.empty()) throw DataError(fmt::format("image folder {}: no class sub-folders", dir));
  if (l.classes.size() > 255)
    throw DataError(fmt::format("image folder {}: {} classes, at most 255", dir, l.classes.size()));
  Fnv fp;
  for (std::size_t c = 0; c < l.classes.size(); ++c) {
    const fs::path sub = fs::path(dir) / l.classes[c];
    const auto files = sorted_entries(sub, false);
    if (files.empty())
      throw DataError(fmt::format("image folder {}: class folder {} is empty", dir, sub.string()));
    for (const auto& f : files) {
      const fs::path p = sub / f;
      l.files.push_back(p.string());
      l.labels.push_back(static_cast<std::uint8_t>(c));
      fp.add(l.classes[c] + "/" + f);
      fp.add(static_cast<std::uint64_t>(fs::file_size(p)));
    }
  }
  l.fingerprint = fp.h;
  return l;
}

// ---------------------------------------------------------------- decoding

// Every image as bytes, NCHW, decoded in parallel (each file on its own).
std::vector<std::uint8_t> decode_all(const Listing& l, const ImageFolderOptions& o) {
  const std::size_t image_bytes = static_cast<std::size_t>(o.channels) * o.height * o.width;
  std::vector<std::uint8_t> pixels(l.files.size() * image_bytes);
  std::optional<DataError> first_error;
#pragma omp parallel for schedule(dynamic, 64)
  for (std::size_t i = 0; i < l.files.size(); ++i) {
    try {
      const Tensor image = load_image(l.files[i], o.channels);
      if (image.dim(2) != o.height || image.dim(3) != o.width)
        throw DataError(fmt::format("image {}: {}x{} pixels, expected {}x{} (width x height)",
                                    l.files[i], image.dim(3), image.dim(2), o.width, o.height));
      for (std::size_t k = 0; k < image_bytes; ++k)
        pixels[i * image_bytes + k] = static_cast<std::uint8_t>(std::lround(image[k] * 255.0f));
    } catch (const DataError& e) {
#pragma omp critical
      if (!first_error) first_error = e;
    }
  }
  if (first_error) throw *first_error;
  return pixels;
}

// ---------------------------------------------------------------- the cache
//
//   "NNIMGCACHE\n\0"  12-byte magic
//   u32 version, u32 n, u32 channels, u32 height, u32 width, u32 classes, u32 0
//   u64 folder fingerprint, u64 FNV-1a checksum of everything after the header
//   class names, each '\0'-terminated; n label bytes; n*C*H*W pixel bytes

constexpr char kMagic[12] = {'N', 'N', 'I', 'M', 'G', 'C', 'A', 'C', 'H', 'E', '\n', '\0'};
constexpr std::uint32_t kVersion = 1;

struct Header {
  char magic[12];
  std::uint32_t version, n, channels, height, width, classes, reserved;  // reserved = 0
  std::uint64_t fingerprint, checksum;
};
static_assert(sizeof(Header) == 56, "no padding: the header is written as it lies in memory");

std::string body_of(const Listing& l, const std::vector<std::uint8_t>& pixels) {
  std::string body;
  for (const auto& c : l.classes) body.append(c.c_str(), c.size() + 1);
  body.append(l.labels.begin(), l.labels.end());
  body.append(pixels.begin(), pixels.end());
  return body;
}

void write_cache(const std::string& path, const Listing& l, const std::vector<std::uint8_t>& pixels,
                 const ImageFolderOptions& o) {
  const std::string body = body_of(l, pixels);
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kVersion;
  h.n = static_cast<std::uint32_t>(l.files.size());
  h.channels = o.channels;
  h.height = o.height;
  h.width = o.width;
  h.classes = static_cast<std::uint32_t>(l.classes.size());
  h.fingerprint = l.fingerprint;
  Fnv sum;
  sum.add(body.data(), body.size());
  h.checksum = sum.h;
  // Written under a temporary name, then renamed: never a half-written cache.
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(reinterpret_cast<const char*>(&h), sizeof h);
    out.write(body.data(), static_cast<std::streamsize>(body.size()));
    if (!out) {
      std::remove(tmp.c_str());
      if (!o.quiet)
        std::cerr << "note: cannot write the image cache " << path << ", going on without it\n";
      return;
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    if (!o.quiet)
      std::cerr << "note: cannot write the image cache " << path << ": " << ec.message() << "\n";
  }
}

// The cached data set, or nothing (and why) if the cache does not match.
std::optional<Dataset> read_cache(const std::string& path, const Listing& l,
                                  const ImageFolderOptions& o, std::string& why) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    why = "no cache yet";
    return std::nullopt;
  }
  const auto file_bytes = static_cast<std::uint64_t>(in.tellg());
  in.seekg(0);
  Header h{};
  if (file_bytes < sizeof h || !in.read(reinterpret_cast<char*>(&h), sizeof h)) {
    why = "the cache is shorter than its header";
    return std::nullopt;
  }
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kVersion) {
    why = "the cache has a wrong magic or version";
    return std::nullopt;
  }
  if (h.n != l.files.size() || h.classes != l.classes.size() || h.fingerprint != l.fingerprint) {
    why = "the folder changed since the cache was written";
    return std::nullopt;
  }
  if (h.channels != static_cast<std::uint32_t>(o.channels) ||
      h.height != static_cast<std::uint32_t>(o.height) ||
      h.width != static_cast<std::uint32_t>(o.width)) {
    why = "the cache holds another image size";
    return std::nullopt;
  }
  std::uint64_t names = 0;
  for (const auto& c : l.classes) names += c.size() + 1;
  const std::uint64_t image_bytes = std::uint64_t{h.channels} * h.height * h.width;
  const std::uint64_t body_bytes = names + h.n + h.n * image_bytes;
  if (file_bytes != sizeof h + body_bytes) {
    why = fmt::format("the cache has {} bytes, its header promises {}", file_bytes,
                      sizeof h + body_bytes);
    return std::nullopt;
  }
  // Every size is checked against the real file: safe to allocate and read.
  std::string body(body_bytes, '\0');
  if (!in.read(body.data(), static_cast<std::streamsize>(body_bytes))) {
    why = "cannot read the cache";
    return std::nullopt;
  }
  Fnv sum;
  sum.add(body.data(), body.size());
  if (sum.h != h.checksum) {
    why = "the cache's checksum is wrong (corrupt)";
    return std::nullopt;
  }
  std::vector<std::uint8_t> labels(body.begin() + names, body.begin() + names + h.n);
  if (body.compare(0, names, body_of(l, {}).substr(0, names)) != 0 || labels != l.labels) {
    why = "the cache's classes or labels differ from the folder's";
    return std::nullopt;
  }
  Dataset d{Tensor({static_cast<int>(h.n), o.channels, o.height, o.width}),
            Tensor({static_cast<int>(h.n)}), l.classes};
  const auto* pixels = reinterpret_cast<const std::uint8_t*>(body.data() + names + h.n);
  const auto count = static_cast<std::ptrdiff_t>(d.x.size());
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t i = 0; i < count; ++i) d.x[i] = pixels[i] / 255.0f;
  for (std::uint32_t i = 0; i < h.n; ++i) d.y[i] = labels[i];
  return d;
}

}  // namespace

Dataset load_image_folder(const std::string& dir, const ImageFolderOptions& o) {
  if (o.channels != 1 && o.channels != 3)
    throw Error(
        fmt::format("load_image_folder({}): channels must be 1 or 3, got {}", dir, o.channels));
  if (o.height < 1 || o.width < 1 || o.height > kMaxImageSide || o.width > kMaxImageSide)
    throw Error(fmt::format("load_image_folder({}): bad image size {}x{}", dir, o.width, o.height));
  const std::string trimmed = fs::path(dir).lexically_normal().string();
  const std::string folder =
      trimmed.size() > 1 && trimmed.back() == '/' ? trimmed.substr(0, trimmed.size() - 1) : trimmed;
  const Listing listing = list_folder(folder);
  const std::string cache = o.cache_path.empty() ? folder + ".nncache" : o.cache_path;
  const bool use_cache = o.cache_path != "none";
  std::string why;
  if (use_cache)
    if (auto cached = read_cache(cache, listing, o, why)) return std::move(*cached);
  if (use_cache && !o.quiet)
    std::cerr << fmt::format("decoding {} images in {} ({}; a copy goes to {})\n",
                             listing.files.size(), folder, why, cache);
  const std::vector<std::uint8_t> pixels = decode_all(listing, o);
  if (use_cache) write_cache(cache, listing, pixels, o);
  const int n = static_cast<int>(listing.files.size());
  Dataset d{Tensor({n, o.channels, o.height, o.width}), Tensor({n}), listing.classes};
  for (std::size_t i = 0; i < d.x.size(); ++i) d.x[i] = pixels[i] / 255.0f;
  for (int i = 0; i < n; ++i) d.y[i] = listing.labels[i];
  return d;
}

}  // namespace nn
