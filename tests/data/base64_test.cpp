#include "nn/data/base64.hpp"

#include <catch2/catch.hpp>

#include "nn/errors.hpp"
#include "support/base64_encode.hpp"

using namespace nn;

namespace {
std::string decoded(std::string_view text) {
  const std::vector<std::uint8_t> bytes = decode_base64(text);
  return {bytes.begin(), bytes.end()};
}
}  // namespace

TEST_CASE("decode_base64 gives back RFC 4648's test vectors", "[base64]") {
  // RFC 4648, section 10: every length of last group, padded with 2, 1 or no '='.
  CHECK(decoded("") == "");
  CHECK(decoded("Zg==") == "f");
  CHECK(decoded("Zm8=") == "fo");
  CHECK(decoded("Zm9v") == "foo");
  CHECK(decoded("Zm9vYg==") == "foob");
  CHECK(decoded("Zm9vYmE=") == "fooba");
  CHECK(decoded("Zm9vYmFy") == "foobar");
}

TEST_CASE("decode_base64 inverts encoding for every byte value", "[base64]") {
  std::string all;
  for (int b = 0; b < 256; ++b) all += static_cast<char>(b);
  for (std::size_t length : {std::size_t{254}, std::size_t{255}, std::size_t{256}}) {
    INFO("length " << length);
    CHECK(decoded(test::encode_base64(all.substr(0, length))) == all.substr(0, length));
  }
  CHECK(decoded("+/+/") == "\xfb\xff\xbf");  // the last two letters of the alphabet
}

TEST_CASE("decode_base64 refuses what is not base64, saying where", "[base64][bad-input]") {
  CHECK_THROWS_WITH(decode_base64("Zm9vY"), Catch::Contains("5 characters is not a multiple of 4"));
  CHECK_THROWS_WITH(decode_base64("Zm*v"), Catch::Contains("'*' at character 2 is not base64"));
  CHECK_THROWS_WITH(decode_base64("Zm9v\nYmFy"), Catch::Contains("not a multiple of 4"));
  CHECK_THROWS_WITH(decode_base64("Zm9\nYmFy"), Catch::Contains("byte 0x0a at character 3"));
  CHECK_THROWS_WITH(decode_base64("Zg=vZm9v"), Catch::Contains("'=' at character 2 is not base64"));
  CHECK_THROWS_WITH(decode_base64("Z==="), Catch::Contains("3 '=' at the end"));
  CHECK_THROWS_WITH(decode_base64("===="), Catch::Contains("4 '=' at the end"));
  CHECK_THROWS_AS(decode_base64("Zm9-"), DataError);  // base64url's '-' is another alphabet
}
