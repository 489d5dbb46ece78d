#include <catch2/catch.hpp>

#include "support/chapter_run.hpp"

using namespace nn::test;

namespace {

const char* kMethods[] = {"scratch_course", "scratch_deeper",        "trick_logistic",
                          "trick_svm",      "trick_logistic_middle", "trick_svm_middle",
                          "fine_tune_all",  "fine_tune_top"};

}  // namespace

TEST_CASE("chapter 10 pretrains, then compares the four ways on the fixture CIFAR-10",
          "[chapter][smoke]") {
  const ChapterRun run = run_chapter("10-transfer-learning", "", NN_FIXTURES_DIR "/cifar-tiny");
  check_chapter_run(run, "10-transfer-learning", 2);
  const auto s = summary_of(run);
  CHECK(s["dataset"] == "CIFAR-10 (official binary)");
  CHECK(s["net"] == "deeper");
  CHECK(s["target_test_size"] == 4);  // the fixture's 2 test cats and 2 test dogs
  CHECK(s["pretrain_reused"] == false);
  CHECK(s["source_test_accuracy"].get<double>() >= 0.0);
  for (const char* method : kMethods)
    for (int n : {2, 4}) {
      const std::string key = std::string(method) + "_" + std::to_string(n);
      INFO(key);
      REQUIRE(s.contains(key));
      CHECK(s[key].get<double>() >= 0.0);
      CHECK(s[key].get<double>() <= 1.0);
      CHECK(s[key + "_runs"].size() == 1);
    }
  for (const char* file : {"accuracy.png", "first_filters.png", "results.md",
                           "models/cifar8-deeper.safetensors", "models/cifar8-deeper.json"}) {
    INFO(file);
    CHECK(std::filesystem::exists(run.out / file));
  }
  CHECK_THAT(run.log, Catch::Contains("| (c) fine-tune everything |") &&
                          Catch::Contains("| (b) frozen features (top) + linear SVM |"));

  // The same settings again: the cached weights are reused, not retrained.
  const std::string again = std::string(NN_CHAPTER_BIN_DIR) +
                            "/10-transfer-learning --quick --data " NN_FIXTURES_DIR
                            "/cifar-tiny --threads 1 --out " +
                            run.out.string() + " > " + run.out.string() + "-again.log 2>&1";
  REQUIRE(std::system(again.c_str()) == 0);
  CHECK(summary_of(run)["pretrain_reused"] == true);
  std::filesystem::remove(run.out.string() + "-again.log");
}

TEST_CASE("chapter 10 says clearly when CIFAR-10 is missing", "[chapter][bad-input]") {
  const ChapterRun run = run_chapter("10-transfer-learning", "", "/nonexistent");
  INFO(run.log);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.log, Catch::Contains("error: CIFAR-10 not found") &&
                          Catch::Contains("datasets/fetch cifar10"));
}
