#include "nn/data/image.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
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
// Zeroed allocations, in case stb_image leaves part of a buffer unwritten
// (it ignores a short read of PNM pixels; check_pnm_header refuses those):
// whatever slips through is then black on every run, never stale heap.
#define STBI_MALLOC(size) std::calloc(1, size)
#define STBI_REALLOC(p, size) std::realloc(p, size)
#define STBI_FREE(p) std::free(p)
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
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw DataError(fmt::format("image {}: is a folder, not an image", path));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw DataError(fmt::format("image {}: cannot open the file (missing or unreadable)", path));
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  if (in.bad()) throw DataError(fmt::format("image {}: read error", path));
  if (bytes.empty()) throw DataError(fmt::format("image {}: the file is empty", path));
  return bytes;
}

// stb_image as Debian ships it (2022) trusts a JPEG Huffman table's code
// counts: counts adding up to more than 256 symbols write past the ends of
// its tables (newer upstream versions check this). So every FF C4 (DHT)
// marker in the bytes, wherever stb_image might come to parse one, is
// checked first, table by table, the way stb_image reads it: a byte q
// (class, slot), 16 counts, then as many symbols as the counts add up to.
void check_jpeg_huffman_tables(const std::vector<unsigned char>& b, const std::string& path) {
  // A JPEG starts with FF D8; stb_image skips any extra FF fill bytes first.
  std::size_t soi = 0;
  while (soi < b.size() && b[soi] == 0xFF) ++soi;
  if (soi == 0 || soi >= b.size() || b[soi] != 0xD8) return;           // not a JPEG
  auto byte = [&](std::size_t i) { return i < b.size() ? b[i] : 0; };  // stb reads 0 past the end
  for (std::size_t at = soi + 1; at + 1 < b.size(); ++at) {
    if (b[at] != 0xFF || b[at + 1] != 0xC4) continue;
    long left =
        (byte(at + 2) << 8 | byte(at + 3)) - 2;  // the segment's length, less its own 2 bytes
    for (std::size_t i = at + 4; left > 0 && i < b.size();) {
      const int q = byte(i);
      if ((q >> 4) > 1 || (q & 15) > 3) break;  // stb_image refuses this table itself
      int codes = 0;
      for (int k = 1; k <= 16; ++k) codes += byte(i + k);
      if (codes > 256)
        throw DataError(
            fmt::format("image {}: corrupt JPEG: the Huffman table at byte {} declares "
                        "{} codes, more than the 256 a table can hold",
                        path, i, codes));
      i += 17 + static_cast<std::size_t>(codes);
      left -= 17 + codes;
    }
  }
}

// stb_image (2022) reads the numbers of a PNM header (width, height, maximum
// value) into an int with no overflow check, undefined behaviour on a long
// run of digits, and ignores a short read of the pixels (a truncated file
// would load as black). Its tokenizer is mirrored here: a number of more
// than 9 digits (no real side or maximum comes near) or fewer pixel bytes
// than the header promises are refused before stb_image runs.
void check_pnm_header(const std::vector<unsigned char>& b, const std::string& path) {
  if (b.size() < 2 || b[0] != 'P' || (b[1] != '5' && b[1] != '6')) return;  // not a PNM
  auto space = [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  std::size_t i = 2;
  std::uint64_t numbers[3] = {};
  const char* names[3] = {"width", "height", "maximum value"};
  for (int n = 0; n < 3; ++n) {
    for (;;) {  // whitespace, and comments from '#' to the end of the line
      while (i < b.size() && space(b[i])) ++i;
      if (i >= b.size() || b[i] != '#') break;
      while (i < b.size() && b[i] != '\n' && b[i] != '\r') ++i;
    }
    const std::size_t start = i;
    while (i < b.size() && b[i] >= '0' && b[i] <= '9')
      numbers[n] = numbers[n] * 10 + (b[i++] - '0');
    if (i - start > 9)
      throw DataError(fmt::format("image {}: corrupt PNM header: its {} has {} digits", path,
                                  names[n], i - start));
  }
  // One whitespace byte ends the header; then width x height pixels of 1 (P5)
  // or 3 (P6) samples, each 1 byte, or 2 if the maximum value exceeds 255.
  const std::uint64_t pixel_bytes =
      numbers[0] * numbers[1] * (b[1] == '6' ? 3 : 1) * (numbers[2] > 255 ? 2 : 1);
  const std::uint64_t present = b.size() > i + 1 ? b.size() - (i + 1) : 0;
  if (present < pixel_bytes)
    throw DataError(
        fmt::format("image {}: truncated PNM: the header promises {} bytes of pixels, "
                    "the file holds {}",
                    path, pixel_bytes, present));
}

// stb_image (2022) copies a PNG's first IDAT chunk into a buffer it has not
// yet allocated when that chunk is empty: memcpy from a null pointer,
// undefined behaviour even for 0 bytes. No encoder writes an empty first
// IDAT chunk, so the chunks are walked up to the first IDAT and an empty one
// is refused.
void check_png_first_idat(const std::vector<unsigned char>& b, const std::string& path) {
  static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (b.size() < 8 || !std::equal(signature, signature + 8, b.begin())) return;  // not a PNG
  for (std::size_t at = 8;
       at + 8 <= b.size();) {  // length (4, big-endian), type (4), data, CRC (4)
    const std::uint64_t length =
        std::uint64_t{b[at]} << 24 | b[at + 1] << 16 | b[at + 2] << 8 | b[at + 3];
    if (std::equal(b.begin() + at + 4, b.begin() + at + 8, "IDAT")) {
      if (length == 0)
        throw DataError(fmt::format("image {}: corrupt PNG: its first IDAT chunk is empty", path));
      return;
    }
    at += 12 + length;
  }
}

// Grey from colour with stb_image's own integer weights (77, 150, 29)/256,
// about 0.30 R + 0.59 G + 0.11 B.
int luma(int r, int g, int b) { return (r * 77 + g * 150 + b * 29) >> 8; }

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
  check_jpeg_huffman_tables(bytes, path);
  check_pnm_header(bytes, path);
  check_png_first_idat(bytes, path);
  const int length = static_cast<int>(std::min<std::size_t>(bytes.size(), 1u << 30));

  // The header alone first: refuse absurd sizes before stb_image allocates them.
  int width = 0, height = 0, file_channels = 0;
  if (!stbi_info_from_memory(bytes.data(), length, &width, &height, &file_channels))
    throw DataError(fmt::format("image {}: not a readable image ({})", path, reason()));
  if (width < 1 || height < 1 || width > kMaxImageSide || height > kMaxImageSide)
    throw DataError(
        fmt::format("image {}: declares {}x{} pixels; refusing images larger than {}x{}", path,
                    width, height, kMaxImageSide, kMaxImageSide));

  // The file's own channels (req_comp 0): stb_image's conversion to another
  // count mishandles 16-bit PNM files (it reads past its buffer), so the
  // conversion to `channels` is done below.
  std::unique_ptr<unsigned char, void (*)(void*)> pixels(
      stbi_load_from_memory(bytes.data(), length, &width, &height, &file_channels, 0),
      stbi_image_free);
  if (!pixels)
    throw DataError(
        fmt::format("image {}: cannot decode it, truncated or corrupt ({})", path, reason()));
  if (file_channels < 1 || file_channels > 4)
    throw DataError(
        fmt::format("image {}: {} channels per pixel; expected 1 to 4", path, file_channels));

  // stb_image gives rows of interleaved pixels (RGBRGB...); the tensor is
  // planar, one H x W plane per channel (NCHW). Alpha (channel 2 of grey,
  // 4 of colour) is dropped.
  Tensor image({1, channels, height, width});
  const std::size_t plane = static_cast<std::size_t>(height) * width;
  const bool colour = file_channels >= 3;
  for (std::size_t p = 0; p < plane; ++p) {
    const unsigned char* px = pixels.get() + p * file_channels;
    if (channels == 1)
      image[p] = (colour ? luma(px[0], px[1], px[2]) : px[0]) / 255.0f;
    else
      for (int c = 0; c < 3; ++c) image[c * plane + p] = px[colour ? c : 0] / 255.0f;
  }
  return image;
}

}  // namespace nn
