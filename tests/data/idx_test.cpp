#include "nn/data/idx.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "nn/errors.hpp"

using namespace nn;
using Catch::Contains;

namespace {

// A file made by tools/make_fixtures.py.
std::string fixture(const std::string& name) {
  return std::string(NN_FIXTURES_DIR) + "/idx/" + name;
}

}  // namespace

TEST_CASE("read_idx reads a plain IDX file", "[data]") {
  const IdxArray a = read_idx(fixture("small.idx"));
  CHECK(a.dims == std::vector<int>{2, 3});
  CHECK(a.data == std::vector<std::uint8_t>{0, 1, 2, 3, 4, 5});
}

TEST_CASE("read_idx reads a gzipped IDX file, whatever its name", "[data]") {
  const IdxArray a = read_idx(fixture("small.idx.gz"));
  CHECK(a.dims == std::vector<int>{2, 3});
  CHECK(a.data == std::vector<std::uint8_t>{0, 1, 2, 3, 4, 5});
}

TEST_CASE("read_idx: a missing file", "[data][bad-input]") {
  const std::string path = fixture("no-such-file.idx");
  CHECK_THROWS_AS(read_idx(path), DataError);
  CHECK_THROWS_WITH(read_idx(path), Contains(path) && Contains("no such file"));
}

TEST_CASE("read_idx: a folder instead of a file", "[data][bad-input]") {
  const std::string path = std::string(NN_FIXTURES_DIR) + "/idx";
  CHECK_THROWS_AS(read_idx(path), DataError);
  CHECK_THROWS_WITH(read_idx(path), Contains(path) && Contains("folder"));
}

TEST_CASE("read_idx: a file shorter than the header", "[data][bad-input]") {
  for (const char* name : {"empty.idx", "short-header.idx"}) {
    const std::string path = fixture(name);
    CHECK_THROWS_AS(read_idx(path), DataError);
    CHECK_THROWS_WITH(read_idx(path), Contains(path) && Contains("shorter than the 4-byte"));
  }
  const std::string path = fixture("header-cut.idx");
  CHECK_THROWS_AS(read_idx(path), DataError);
  CHECK_THROWS_WITH(read_idx(path), Contains(path) && Contains("ends inside the header") &&
                                        Contains("need 16 header bytes, the file holds 10"));
}

TEST_CASE("read_idx: a wrong magic number says what it found and expected", "[data][bad-input]") {
  const std::string path = fixture("bad-magic.idx");
  CHECK_THROWS_AS(read_idx(path), DataError);
  CHECK_THROWS_WITH(read_idx(path), Contains(path) && Contains("wrong magic number") &&
                                        Contains("found 50 4b 03 04") &&
                                        Contains("expected 00 00 08"));
}

TEST_CASE("read_idx: a type other than unsigned byte", "[data][bad-input]") {
  const std::string path = fixture("bad-type.idx");
  CHECK_THROWS_AS(read_idx(path), DataError);
  CHECK_THROWS_WITH(read_idx(path), Contains(path) && Contains("unsupported type code 0x0d") &&
                                        Contains("32-bit float"));
}

TEST_CASE("read_idx: 0 or more than 4 dimensions", "[data][bad-input]") {
  for (const char* name : {"zero-dims.idx", "five-dims.idx"}) {
    const std::string path = fixture(name);
    CHECK_THROWS_AS(read_idx(path), DataError);
    CHECK_THROWS_WITH(read_idx(path), Contains(path) && Contains("expected 1 to 4"));
  }
}

TEST_CASE("read_idx: a dimension above 2^31 - 1", "[data][bad-input]") {
  const std::string path = fixture("negative-dim.idx");
  CHECK_THROWS_AS(read_idx(path), DataError);
  CHECK_THROWS_WITH(read_idx(path), Contains(path) && Contains("dimension 0 is 4294967295"));
}

// Both claim far more than memory holds: refused before any allocation
// (an attempt would throw std::bad_alloc, not DataError).
TEST_CASE("read_idx: dimensions whose product overflows or is absurd", "[data][bad-input]") {
  for (const char* name : {"overflow.idx", "oversized.idx"}) {
    const std::string path = fixture(name);
    CHECK_THROWS_AS(read_idx(path), DataError);
    CHECK_THROWS_WITH(read_idx(path),
                      Contains(path) && Contains("claim more than 1073741824 bytes"));
  }
}

TEST_CASE("read_idx: truncated data says expected and actual bytes", "[data][bad-input]") {
  const std::string path = fixture("truncated.idx");
  CHECK_THROWS_AS(read_idx(path), DataError);
  CHECK_THROWS_WITH(read_idx(path), Contains(path) && Contains("truncated data") &&
                                        Contains("5 x 28 x 28 = 3920 bytes") &&
                                        Contains("the file holds 1568"));
}

// The header claims 500 MB, the file holds 10 bytes: memory follows the bytes
// that arrive, so this fails fast and small.
TEST_CASE("read_idx: a large claim with little data", "[data][bad-input]") {
  const std::string path = fixture("big-claim-truncated.idx");
  CHECK_THROWS_WITH(read_idx(path),
                    Contains(path) && Contains("500000000 bytes") && Contains("the file holds 10"));
}

TEST_CASE("read_idx: trailing garbage, plain or gzipped", "[data][bad-input]") {
  for (const char* name : {"trailing.idx", "trailing.idx.gz"}) {
    const std::string path = fixture(name);
    CHECK_THROWS_AS(read_idx(path), DataError);
    CHECK_THROWS_WITH(read_idx(path), Contains(path) && Contains("7 bytes of trailing garbage"));
  }
}

TEST_CASE("read_idx: a truncated gzip stream", "[data][bad-input]") {
  const std::string path = fixture("truncated.idx.gz");
  CHECK_THROWS_AS(read_idx(path), DataError);
  CHECK_THROWS_WITH(read_idx(path), Contains(path) && Contains("gzip stream is truncated"));
}

TEST_CASE("read_idx: a corrupt gzip stream", "[data][bad-input]") {
  const std::string path = fixture("corrupt.idx.gz");
  CHECK_THROWS_AS(read_idx(path), DataError);
  CHECK_THROWS_WITH(read_idx(path), Contains(path) && Contains("gzip stream is corrupt"));
}
