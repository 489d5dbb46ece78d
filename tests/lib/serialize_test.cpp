#include "nn/serialize.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "nn/errors.hpp"

using namespace nn;
namespace fs = std::filesystem;
using Catch::Contains;

namespace {

// A fresh folder under the system's temp folder, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("nn_serialize_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// The 8-byte little-endian length, as the spec puts it before the header.
std::string le64(std::uint64_t n) {
  std::string s;
  for (int i = 0; i < 8; ++i) s += static_cast<char>((n >> (8 * i)) & 0xff);
  return s;
}

std::string float_bytes(const std::vector<float>& values) {
  std::string s(values.size() * sizeof(float), '\0');
  std::memcpy(s.data(), values.data(), s.size());
  return s;
}

// A whole file: length, JSON header, data area.
std::string safetensors_bytes(const std::string& header, const std::string& data) {
  return le64(header.size()) + header + data;
}

// True if any file in `dir` (recursively) looks like our temporary file.
bool has_temp_file(const fs::path& dir) {
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.path().filename().string().find(".tmp-") != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("safetensors round trip keeps names, shapes, values and metadata", "[serialize]") {
  TempDir dir;
  TensorMap saved{{"0.weight", Tensor({3, 2}, {1, -2, 3.5f, 0, 1e-30f, -1e30f})},
                  {"0.bias", Tensor({3}, {0.1f, 0.2f, 0.3f})},
                  {"conv.weight", Tensor({2, 1, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8})},
                  {"bn.running_mean", Tensor({1, 1, 2}, {-1, 1})},
                  {"empty", Tensor({0})}};
  const Metadata meta{{"format", "pt"}, {"architecture", "Linear(2,3)"}};
  const std::string path = dir.file("model.safetensors");
  save_safetensors(path, saved, meta);

  Metadata loaded_meta;
  const TensorMap loaded = load_safetensors(path, &loaded_meta);
  CHECK(loaded_meta == meta);
  REQUIRE(loaded.size() == saved.size());
  for (const auto& [name, t] : saved) {
    INFO(name);
    REQUIRE(loaded.count(name) == 1);
    CHECK(loaded.at(name).shape() == t.shape());
    CHECK(loaded.at(name).values() == t.values());  // bit-exact: no conversion
  }
  CHECK_FALSE(has_temp_file(dir.path));
  CHECK(load_safetensors(path).size() == saved.size());  // metadata is optional
}

TEST_CASE("safetensors file matches the spec byte for byte", "[serialize]") {
  TempDir dir;
  const std::string path = dir.file("tiny.safetensors");
  save_safetensors(path, {{"w", Tensor({2}, {1.0f, -2.0f})}}, {{"k", "v"}});

  // Header as the reference implementation writes it: "__metadata__" first,
  // keys dtype/shape/data_offsets in that order, no spaces; 79 bytes padded
  // with one space to 80 = 0x50 so the data area starts 8-byte aligned.
  const std::string json =
      R"({"__metadata__":{"k":"v"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} )";
  const std::string expected = std::string("\x50\0\0\0\0\0\0\0", 8) + json +
                               std::string("\x00\x00\x80\x3f", 4) +  // 1.0f  = 0x3f800000
                               std::string("\x00\x00\x00\xc0", 4);   // -2.0f = 0xc0000000
  CHECK(json.size() == 80);
  CHECK(read_bytes(path) == expected);
}

TEST_CASE("safetensors keeps a counter as an I64 scalar as PyTorch does", "[serialize]") {
  TempDir dir;
  const std::string path = dir.file("counter.safetensors");
  save_safetensors(path, {{"n", Tensor({1}, {7.0f})}}, {}, {"n"});
  const std::string json = R"({"n":{"dtype":"I64","shape":[],"data_offsets":[0,8]}})";
  const std::string padded = json + std::string((8 - json.size() % 8) % 8, ' ');
  CHECK(read_bytes(path) == le64(padded.size()) + padded + le64(7));
  const TensorMap loaded = load_safetensors(path);
  CHECK(loaded.at("n").shape() == Shape{1});
  CHECK(loaded.at("n").values() == std::vector<float>{7});
  CHECK_THROWS_WITH(save_safetensors(path, {{"n", Tensor({1}, {0.5f})}}, {}, {"n"}),
                    Catch::Contains("'n' is listed as an I64 scalar but is not one whole number"));
  CHECK_THROWS_WITH(save_safetensors(path, {{"n", Tensor({2}, {1, 2})}}, {}, {"n"}),
                    Catch::Contains("not one whole number"));
  CHECK_THROWS_WITH(save_safetensors(path, {{"n", Tensor({1}, {1})}}, {}, {"m"}),
                    Catch::Contains("I64 scalar 'm' is not among the tensors"));
}

TEST_CASE("safetensors loader accepts any key order and no padding", "[serialize]") {
  TempDir dir;
  const std::string path = dir.file("other.safetensors");
  write_bytes(path, safetensors_bytes(R"({"b":{"data_offsets":[0,4],"shape":[1],"dtype":"F32"},)"
                                      R"("a":{"shape":[1],"dtype":"F32","data_offsets":[4,8]}})",
                                      float_bytes({2, 1})));
  const TensorMap t = load_safetensors(path);
  CHECK(t.at("a").values() == std::vector<float>{1});
  CHECK(t.at("b").values() == std::vector<float>{2});
}

TEST_CASE("safetensors loader rejects every kind of broken file", "[serialize][bad-input]") {
  const std::string w2 = R"("dtype":"F32","shape":[2],"data_offsets":[0,8])";
  const std::string eight = float_bytes({1, 2});
  struct Case {
    std::string label, bytes, problem;
  };
  const std::vector<Case> cases = {
      {"short", "abc", "too short"},
      {"long_header", le64(1000) + "{}", "header length 1000 is larger than the file"},
      {"absurd_header", le64(1ull << 40) + "{}", "100 MB"},
      {"not_json", safetensors_bytes("{not json", ""), "not valid JSON"},
      {"not_object", safetensors_bytes("[1,2]", ""), "header is not a JSON object"},
      {"entry_not_object", safetensors_bytes(R"({"w":3})", ""), "tensor 'w': entry is not"},
      {"no_dtype", safetensors_bytes(R"({"w":{"shape":[2],"data_offsets":[0,8]}})", eight),
       "tensor 'w': missing \"dtype\""},
      {"no_shape", safetensors_bytes(R"({"w":{"dtype":"F32","data_offsets":[0,8]}})", eight),
       "tensor 'w': missing \"shape\""},
      {"no_offsets", safetensors_bytes(R"({"w":{"dtype":"F32","shape":[2]}})", eight),
       "tensor 'w': missing \"data_offsets\""},
      {"dtype_number",
       safetensors_bytes(R"({"w":{"dtype":32,"shape":[2],"data_offsets":[0,8]}})", eight),
       "\"dtype\" is not a string"},
      {"f16", safetensors_bytes(R"({"x":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}})", eight),
       "unsupported dtype 'F16' for tensor 'x' (only F32, and I64 scalars)"},
      {"i64_vector",
       safetensors_bytes(R"({"n":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}})", eight),
       "tensor 'n': I64 is read only as a scalar (shape [])"},
      {"i64_huge",
       safetensors_bytes(R"({"n":{"dtype":"I64","shape":[],"data_offsets":[0,8]}})",
                         le64(1ull << 40)),
       "I64 scalar 'n' = 1099511627776 is too large"},
      {"i64_short",
       safetensors_bytes(R"({"n":{"dtype":"I64","shape":[],"data_offsets":[0,4]}})",
                         float_bytes({1})),
       "tensor 'n': shape [] needs 8 bytes but data_offsets [0,4] hold 4"},
      {"shape_string",
       safetensors_bytes(R"({"w":{"dtype":"F32","shape":"2","data_offsets":[0,8]}})", eight),
       "\"shape\" is not an array"},
      {"shape_float",
       safetensors_bytes(R"({"w":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}})", eight),
       "non-integer"},
      {"negative_dim",
       safetensors_bytes(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", eight),
       "negative dimension"},
      {"rank5",
       safetensors_bytes(R"({"w":{"dtype":"F32","shape":[2,1,1,1,1],"data_offsets":[0,8]}})",
                         eight),
       "rank > 4"},
      {"scalar",
       safetensors_bytes(R"({"w":{"dtype":"F32","shape":[],"data_offsets":[0,4]}})",
                         float_bytes({1})),
       "F32 scalar shape [] not supported"},
      {"count_mismatch",
       safetensors_bytes(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", eight),
       "shape [3] needs 12 bytes but data_offsets [0,8] hold 8"},
      {"huge_shape",
       safetensors_bytes(R"({"w":{"dtype":"F32","shape":[2147483647,2147483647,)"
                         R"(2147483647,2147483647],"data_offsets":[0,8]}})",
                         eight),
       "too large"},
      {"offsets_short",
       safetensors_bytes(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[8]}})", eight),
       "\"data_offsets\" must be two non-negative integers"},
      {"offsets_negative",
       safetensors_bytes(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}})", eight),
       "\"data_offsets\" must be two non-negative integers"},
      {"begin_after_end",
       safetensors_bytes(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}})", eight),
       "begin after they end"},
      {"beyond_data",
       safetensors_bytes(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", eight),
       "end beyond the data area of 8 bytes"},
      {"overlap",
       safetensors_bytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                         R"("b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})",
                         float_bytes({1, 2, 3})),
       "tensors 'a' and 'b' overlap"},
      {"hole",
       safetensors_bytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                         R"("b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})",
                         float_bytes({1, 2, 3})),
       "hole of 4 bytes before tensor 'b'"},
      {"trailing_bytes",
       safetensors_bytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", eight),
       "data area has 8 bytes but the tensors cover only 4"},
      {"nan",
       safetensors_bytes("{\"w\":{" + w2 + "}}",
                         float_bytes({1, std::numeric_limits<float>::quiet_NaN()})),
       "tensor 'w' holds NaN or Inf"},
      {"inf",
       safetensors_bytes("{\"w\":{" + w2 + "}}",
                         float_bytes({-std::numeric_limits<float>::infinity(), 1})),
       "tensor 'w' holds NaN or Inf"},
      {"metadata_array", safetensors_bytes(R"({"__metadata__":[1]})", ""),
       "\"__metadata__\" is not a JSON object"},
      {"metadata_number", safetensors_bytes(R"({"__metadata__":{"epochs":3}})", ""),
       "\"__metadata__\" value of 'epochs' is not a string"},
  };
  TempDir dir;
  for (const Case& c : cases) {
    INFO("case: " << c.label);
    const std::string path = dir.file(c.label + ".safetensors");
    write_bytes(path, c.bytes);
    CHECK_THROWS_AS(load_safetensors(path), DataError);
    CHECK_THROWS_WITH(load_safetensors(path),
                      Contains(c.label + ".safetensors") && Contains(c.problem));
  }
  CHECK_THROWS_WITH(load_safetensors(dir.file("missing.safetensors")),
                    Contains("missing.safetensors") && Contains("cannot open"));
}

TEST_CASE("save_safetensors refuses tensors it could not load back", "[serialize][bad-input]") {
  TempDir dir;
  const std::string path = dir.file("bad.safetensors");
  CHECK_THROWS_AS(save_safetensors(path, {{"w", Tensor({2}, {1, NAN})}}), NumericalError);
  CHECK_THROWS_WITH(save_safetensors(path, {{"w", Tensor()}}), Contains("'w'"));
  CHECK_THROWS_WITH(save_safetensors(path, {{"__metadata__", Tensor({1})}}), Contains("reserved"));
  CHECK_FALSE(fs::exists(path));
  CHECK_FALSE(has_temp_file(dir.path));
}

TEST_CASE("save_safetensors replaces a file atomically", "[serialize]") {
  TempDir dir;
  const std::string path = dir.file("w.safetensors");
  const TensorMap old_weights{{"w", Tensor({2}, {1, 2})}};
  save_safetensors(path, old_weights);

  SECTION("saving over an existing file replaces it") {
    save_safetensors(path, {{"v", Tensor({3}, {4, 5, 6})}});
    const TensorMap loaded = load_safetensors(path);
    CHECK(loaded.count("w") == 0);
    CHECK(loaded.at("v").values() == std::vector<float>{4, 5, 6});
  }
  SECTION("a missing folder throws naming the path and the reason") {
    const std::string bad = dir.file("no/such/folder/w.safetensors");
    CHECK_THROWS_AS(save_safetensors(bad, old_weights), Error);
    CHECK_THROWS_WITH(save_safetensors(bad, old_weights),
                      Contains(bad) && Contains(std::strerror(ENOENT)));
  }
  SECTION("a read-only folder throws") {
    fs::permissions(dir.path, fs::perms::owner_read | fs::perms::owner_exec);
    // root ignores permissions: only check where the folder really is read-only.
    if (std::ofstream(dir.file("probe"))) {
      WARN("running as root: a read-only folder is writable, case skipped");
      fs::remove(dir.file("probe"));
    } else {
      CHECK_THROWS_WITH(save_safetensors(path, {{"v", Tensor({1})}}),
                        Contains(path) && Contains(std::strerror(EACCES)));
    }
    fs::permissions(dir.path, fs::perms::owner_all);
  }
  SECTION("a failed write (a full disk) keeps the old file") {
    // A file-size limit makes write() fail with EFBIG, as a full disk fails
    // with ENOSPC: both reach the same error path. Ignore SIGXFSZ, which
    // would otherwise kill the process.
    rlimit saved_limit{};
    getrlimit(RLIMIT_FSIZE, &saved_limit);
    auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved_limit;
    small.rlim_cur = 4096;
    setrlimit(RLIMIT_FSIZE, &small);
    CHECK_THROWS_WITH(save_safetensors(path, {{"big", Tensor({100000}, 1.0f)}}),
                      Contains(path) && Contains(std::strerror(EFBIG)));
    setrlimit(RLIMIT_FSIZE, &saved_limit);
    std::signal(SIGXFSZ, old_handler);
  }
  CHECK_FALSE(has_temp_file(dir.path));
  const TensorMap now = load_safetensors(path);
  CHECK((now.count("w") == 1 || now.count("v") == 1));
  if (now.count("w")) CHECK(now.at("w").values() == old_weights.at("w").values());
}
