#include "nn/data/base64.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>

#include "nn/errors.hpp"

namespace nn {
namespace {

constexpr int kNotBase64 = -1;

// The 6-bit value of each character, or kNotBase64.
constexpr std::array<int, 256> make_decoding_table() {
  std::array<int, 256> table{};
  for (int& v : table) v = kNotBase64;
  constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i)
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  return table;
}
constexpr std::array<int, 256> kDecoding = make_decoding_table();

// A character as a reader can see it in an error message: 'x', or its code if unprintable.
std::string describe(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return std::isprint(byte) ? fmt::format("'{}'", c) : fmt::format("byte 0x{:02x}", byte);
}

// How many '=' end the text (0, 1 or 2); any other '=' is an error.
std::size_t count_padding(std::string_view text) {
  std::size_t padding = 0;
  while (padding < text.size() && text[text.size() - 1 - padding] == '=') ++padding;
  if (padding > 2)
    throw DataError(fmt::format("base64: {} '=' at the end (at most 2 pad a last group)", padding));
  return padding;
}

}  // namespace

//! [base64]
std::vector<std::uint8_t> decode_base64(std::string_view text) {
  if (text.size() % 4 != 0)
    throw DataError(
        fmt::format("base64: {} characters is not a multiple of 4 (truncated?)", text.size()));
  const std::size_t padding = count_padding(text);
  const std::size_t data_chars = text.size() - padding;
  std::vector<std::uint8_t> bytes;
  bytes.reserve(text.size() / 4 * 3);
  // Four characters of 6 bits each make 24 bits: three bytes. The padded
  // last group makes only the bytes its characters fill (2 chars: 1 byte, 3: 2).
  for (std::size_t group = 0; group < text.size(); group += 4) {
    std::uint32_t bits = 0;
    int chars = 0;
    for (std::size_t i = group; i < group + 4 && i < data_chars; ++i, ++chars) {
      const int value = kDecoding[static_cast<unsigned char>(text[i])];
      if (value == kNotBase64)
        throw DataError(
            fmt::format("base64: {} at character {} is not base64", describe(text[i]), i));
      bits |= static_cast<std::uint32_t>(value) << (18 - 6 * chars);
    }
    for (int b = 0; b < chars - 1; ++b)
      bytes.push_back(static_cast<std::uint8_t>(bits >> (16 - 8 * b)));
  }
  return bytes;
}
//! [base64]

}  // namespace nn
