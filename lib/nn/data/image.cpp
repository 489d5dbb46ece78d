#include "nn/data/image.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <vector>

#include "nn/errors.hpp"

// The one translation unit that compiles stb_image's implementation. Only
// the decoders of formats with a real use here, and no stdio: the bytes are
// read by the code below, so that a missing file gets our own message.
#define STB_IMAGE_IMPLEMENTATION
#define STBI_NO_STDIO
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_ONLY_GIF
#define STBI_ONLY_PNM
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#endif
#include <stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace nn {
namespace {

std::vector<unsigned char> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError(fmt::format("image {}: cannot open the file (missing or unreadable)", path));
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  if (in.bad()) throw DataError(fmt::format("image {}: read error", path));
  if (bytes.empty()) throw DataError(fmt::format("image {}: the file is empty", path));
  return bytes;
}

std::string reason() {
  const char* r = stbi_failure_reason();
  return r ? r : "unknown error";
}

}  // namespace

Tensor load_image(const std::string& path, int channels) {
  if (channels != 1 && channels != 3)
    throw Error(fmt::format("load_image({}): channels must be 1 (grey) or 3 (RGB), got {}", path,
                            channels));
  const std::vector<unsigned char> bytes = read_bytes(path);
  const int length = static_cast<int>(std::min<std::size_t>(bytes.size(), 1u << 30));

  // The header alone first: refuse absurd sizes before stb_image allocates them.
  int width = 0, height = 0, file_channels = 0;
  if (!stbi_info_from_memory(bytes.data(), length, &width, &height, &file_channels))
    throw DataError(fmt::format("image {}: not a readable image ({})", path, reason()));
  if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide)
    throw DataError(fmt::format("image {}: declares {}x{} pixels; refusing images larger than {}x{}",
                                path, width, height, kMaxImageSide, kMaxImageSide));

  std::unique_ptr<unsigned char, void (*)(void*)> pixels(
      stbi_load_from_memory(bytes.data(), length, &width, &height, &file_channels, channels),
      stbi_image_free);
  if (!pixels)
    throw DataError(fmt::format("image {}: cannot decode it, truncated or corrupt ({})", path,
                                reason()));

  // stb_image gives rows of interleaved pixels (RGBRGB...); the tensor is
  // planar, one H x W plane per channel (NCHW).
  Tensor image({1, channels, height, width});
  const std::size_t plane = static_cast<std::size_t>(height) * width;
  for (std::size_t p = 0; p < plane; ++p)
    for (int c = 0; c < channels; ++c)
      image[c * plane + p] = pixels.get()[p * channels + c] / 255.0f;
  return image;
}

}  // namespace nn
