#include <catch2/catch.hpp>

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
