#include "nn/data/image_folder.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "nn/data/image.hpp"
#include "nn/errors.hpp"

using namespace nn;
namespace fs = std::filesystem;

namespace {

const std::string kFolders = NN_FIXTURES_DIR "/image-folder/";

// A copy of the good fixture folder in a temporary place, where the cache may be written.
struct TempCopy {
  fs::path root;
  TempCopy() {
    root = fs::temp_directory_path() / ("nn_image_folder_test_" + std::to_string(::getpid()));
    fs::remove_all(root);
    fs::create_directories(root);
    fs::copy(kFolders + "good", root / "train", fs::copy_options::recursive);
  }
  ~TempCopy() { fs::remove_all(root); }
  std::string dir() const { return (root / "train").string(); }
  fs::path cache() const { return root / "train.nncache"; }
};

ImageFolderOptions small(std::string cache = "") {
  return {.channels = 3, .height = 4, .width = 4, .cache_path = std::move(cache), .quiet = true};
}

// Changes one byte of a file, at `from_end` bytes before its end.
void flip_byte(const fs::path& path, std::size_t from_end) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(-static_cast<std::streamoff>(from_end), std::ios::end);
  char c;
  f.get(c);
  f.seekp(-static_cast<std::streamoff>(from_end), std::ios::end);
  f.put(static_cast<char>(c ^ 0x5a));
}

}  // namespace

TEST_CASE("Image folder: classes from folder names, images in sorted order", "[image-folder]") {
  const Dataset d = load_image_folder(kFolders + "good", small("none"));
  CHECK(d.class_names == std::vector<std::string>{"cat", "dog"});
  REQUIRE(d.x.shape() == Shape{6, 3, 4, 4});
  CHECK(d.y.values() == std::vector<float>{0, 0, 0, 1, 1, 1});
  // The same pixels as load_image gives for dog/1.png.
  const Tensor dog1 = load_image(kFolders + "good/dog/1.png", 3);
  CHECK(std::vector<float>(d.x.row(4), d.x.row(4) + 48) == dog1.values());
}

TEST_CASE("Image folder: the decoded copy is written, reused, and rebuilt when stale or corrupt",
          "[image-folder]") {
  TempCopy copy;
  const Dataset first = load_image_folder(copy.dir(), small());
  REQUIRE(fs::exists(copy.cache()));
  const auto written = fs::last_write_time(copy.cache());

  const Dataset second = load_image_folder(copy.dir(), small());  // from the cache
  CHECK(second.x.values() == first.x.values());
  CHECK(second.y.values() == first.y.values());
  CHECK(fs::last_write_time(copy.cache()) == written);

  SECTION("a corrupt pixel byte is caught by the checksum") {
    flip_byte(copy.cache(), 3);
    CHECK(load_image_folder(copy.dir(), small()).x.values() == first.x.values());
  }
  SECTION("a truncated cache is caught by its length") {
    fs::resize_file(copy.cache(), fs::file_size(copy.cache()) - 10);
    CHECK(load_image_folder(copy.dir(), small()).x.values() == first.x.values());
    CHECK(fs::file_size(copy.cache()) > 56 + 6 * 48);
  }
  SECTION("garbage in place of the cache") {
    std::ofstream(copy.cache(), std::ios::binary) << "not a cache";
    CHECK(load_image_folder(copy.dir(), small()).x.values() == first.x.values());
  }
  SECTION("a new image makes the cache stale") {
    fs::copy_file(fs::path(copy.dir()) / "cat/0.png", fs::path(copy.dir()) / "cat/9.png");
    const Dataset grown = load_image_folder(copy.dir(), small());
    CHECK(grown.size() == 7);
    CHECK(load_image_folder(copy.dir(), small()).size() == 7);  // the rebuilt cache
  }
  SECTION("another image size does not read the old cache") {
    CHECK_THROWS_AS(
        load_image_folder(copy.dir(), {.channels = 3, .height = 8, .width = 8, .quiet = true}),
        DataError);
  }
  SECTION("grey images from the same folder") {
    CHECK(load_image_folder(copy.dir(), {.channels = 1, .height = 4, .width = 4, .quiet = true})
              .x.shape() == Shape{6, 1, 4, 4});
  }
}

TEST_CASE("Image folder rejects bad folders and images naming the file",
          "[image-folder][bad-input]") {
  CHECK_THROWS_WITH(load_image_folder(kFolders + "bad-size", small("none")),
                    Catch::Contains("1.png") && Catch::Contains("5x4 pixels, expected 4x4"));
  CHECK_THROWS_WITH(load_image_folder(kFolders + "corrupt", small("none")),
                    Catch::Contains("corrupt/cat/1.png"));
  CHECK_THROWS_WITH(load_image_folder(kFolders + "missing", small("none")),
                    Catch::Contains("missing: not found"));
  CHECK_THROWS_WITH(load_image_folder(kFolders + "good/cat", small("none")),
                    Catch::Contains("no class sub-folders"));
  const fs::path empty =
      fs::temp_directory_path() / ("nn_empty_class_" + std::to_string(::getpid()));
  fs::create_directories(empty / "cat");
  CHECK_THROWS_WITH(load_image_folder(empty.string(), small("none")), Catch::Contains("is empty"));
  fs::remove_all(empty);
  CHECK_THROWS_AS(load_image_folder(kFolders + "good", {.channels = 2}), Error);
}
