// Chapter smoke tests: every chapter program runs end to end with --quick on
// the tiny fixture data set (tests/fixtures/mnist-tiny) in seconds, and writes its
// summary.json and plots. The real runs are the main job (tools/run-chapters).
#include <catch2/catch.hpp>

#include "support/chapter_run.hpp"

using namespace nn::test;

TEST_CASE("chapter 01 runs on the fixture data", "[chapter][smoke]") {
  const ChapterRun run = run_chapter("01-logistic-regression");
  check_chapter_run(run, "01-logistic-regression");
  const double acc = summary_of(run)["test_accuracy"];
  CHECK(acc >= 0.0);
  CHECK(acc <= 1.0);
}

TEST_CASE("chapter 02 solves XOR with its defaults", "[chapter][smoke]") {
  const ChapterRun run = run_chapter("02-xor-mlp");
  check_chapter_run(run, "02-xor-mlp");
  const auto s = summary_of(run);
  CHECK(s["step_network_correct"] == true);
  CHECK(s["product_feature_accuracy"] == 1.0);
  CHECK(s["mlp_tanh_solved_seeds"].get<int>() >= 1);
}

TEST_CASE("chapter 03 runs on the fixture data", "[chapter][smoke]") {
  const ChapterRun run = run_chapter("03-backprop", "--epochs 2");
  check_chapter_run(run, "03-backprop");
  const auto s = summary_of(run);
  CHECK(s["gradient_checks_passed"] == true);
  CHECK(s.contains("test_accuracy"));
  CHECK(s.contains("multitask_angle_mae_degrees"));

  // The saved MLP must load into the equivalent torch.nn.Sequential. Where
  // PyTorch is installed (Debian's python3-torch) we check it for real;
  // elsewhere we check that the file parses as valid safetensors.
  const std::string tool = std::string(NN_SOURCE_DIR) + "/tools/torch_load_check.py";
  const bool has_torch = std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") == 0;
  if (!has_torch) WARN("PyTorch not installed: checking the safetensors file without torch");
  const std::string check = "/usr/bin/python3 " + tool + (has_torch ? " " : " --no-torch ") +
                            (run.out / "mlp.safetensors").string() +
                            " 'Linear(784,256),ReLU,Linear(256,128),ReLU,Linear(128,10)'";
  CHECK(std::system(check.c_str()) == 0);
}

TEST_CASE("a chapter says clearly when its data set is missing", "[chapter][bad-input]") {
  const ChapterRun run = run_chapter("01-logistic-regression", "", "/nonexistent");
  INFO(run.log);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.log,
             Catch::Contains("error: MNIST not found") && Catch::Contains("datasets/fetch mnist"));
}
