// Chapter 06 smoke test: the regularisation and initialisation experiments run
// end to end with --quick on the tiny fixture data set in seconds.
#include <catch2/catch.hpp>

#include "support/chapter_run.hpp"

using namespace nn::test;

TEST_CASE("chapter 06 runs on the fixture data", "[chapter][smoke]") {
  const ChapterRun run = run_chapter("06-dropout", "--epochs 3 --patience 1");
  check_chapter_run(run, "06-dropout", 8);
  const auto s = summary_of(run);
  for (const char* key : {"test_accuracy", "test_accuracy_baseline", "test_accuracy_dropout",
                          "test_accuracy_l2", "test_accuracy_early_stopping"}) {
    INFO(key);
    REQUIRE(s.contains(key));
    CHECK(s[key].get<double>() >= 0.0);
    CHECK(s[key].get<double>() <= 1.0);
  }
  CHECK(s.contains("train_val_gap_baseline"));
  CHECK(s["epochs"] == 3);
  // Early stopping restores an epoch it trained.
  CHECK(s["early_stopping_epoch"].get<int>() >= 1);
  CHECK(s["early_stopping_epoch"].get<int>() <= 3);
  // At initialisation, He keeps a deep ReLU net's activations alive; N(0, 0.01^2) does not.
  CHECK(s["relu_std_layer10_he"].get<double>() > 0.05);
  CHECK(s["relu_std_layer10_small"].get<double>() < 1e-6);
  CHECK(s["init_train_loss_he"].is_number());
}
