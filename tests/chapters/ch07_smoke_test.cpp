#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "support/chapter_run.hpp"

using namespace nn::test;

TEST_CASE("chapter 07 trains the ConvNet on both fixture data sets", "[chapter][smoke]") {
  const ChapterRun run = run_chapter("07-cnn-mnist", "--epochs 1");
  check_chapter_run(run, "07-cnn-mnist", 8);
  const auto s = summary_of(run);
  CHECK(s["test_accuracy"].get<double>() >= 0.0);
  CHECK(s.contains("fashion_test_accuracy"));
  CHECK(std::filesystem::exists(run.out / "mnist_convnet.safetensors"));
  CHECK(std::filesystem::exists(run.out / "fashion-mnist_confusion.png"));
}

namespace {

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("chapter 07 resumes from --checkpoint-every to the same weights",
          "[chapter][smoke][checkpoint]") {
  namespace fs = std::filesystem;
  // Three epochs straight...
  ChapterRun run = run_chapter("07-cnn-mnist", "--dataset mnist --epochs 3");
  REQUIRE(run.exit_code == 0);
  CHECK_FALSE(fs::exists(run.out / "mnist_checkpoint.safetensors"));  // no flag, no checkpoint
  const std::string straight = file_bytes(run.out / "mnist_convnet.safetensors");

  // ...and one epoch, checkpointed, then resumed for two more.
  run = run_chapter("07-cnn-mnist", "--dataset mnist --epochs 1 --checkpoint-every 1");
  INFO(run.log);
  REQUIRE(run.exit_code == 0);
  const fs::path saved = run.out.string() + "-checkpoint.safetensors";
  fs::copy_file(run.out / "mnist_checkpoint.safetensors", saved,
                fs::copy_options::overwrite_existing);
  run = run_chapter("07-cnn-mnist", "--dataset mnist --epochs 3 --resume " + saved.string());
  INFO(run.log);
  check_chapter_run(run, "07-cnn-mnist", 4);
  CHECK(file_bytes(run.out / "mnist_convnet.safetensors") == straight);
  CHECK(fs::exists(run.out / "mnist_checkpoint.safetensors"));  // it goes on saving them

  run = run_chapter("07-cnn-mnist", "--resume " + saved.string());
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.log, Catch::Contains("--dataset mnist or --dataset fashion-mnist"));
  run = run_chapter("07-cnn-mnist", "--dataset mnist --resume /no/such/checkpoint");
  CHECK(run.exit_code != 0);
  CHECK_THAT(run.log, Catch::Contains("/no/such/checkpoint"));
  fs::remove(saved);
}
