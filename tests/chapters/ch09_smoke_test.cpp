#include <catch2/catch.hpp>

#include "support/chapter_run.hpp"

using namespace nn::test;

// Runs everywhere: with a GPU it checks the GPU half too; without one the
// chapter must say so, do the CPU half, and still exit 0.
TEST_CASE("chapter 09 runs with or without a CUDA device", "[chapter][smoke]") {
  const ChapterRun run = run_chapter("09-gpu", "--epochs 1");
  check_chapter_run(run, "09-gpu", 1);
  const auto s = summary_of(run);
  CHECK(s["cpu_samples_per_second"].get<double>() > 0);
  if (s["gpu"].get<bool>()) {
    CHECK(s["first_steps_loss_rel_diff"].get<double>() < 1e-4);
    CHECK(s["test_accuracy"].get<double>() >= 0.0);
    CHECK(std::filesystem::exists(run.out / "sgemm_ladder.png"));
  } else {
    CHECK_THAT(run.log, Catch::Contains("The GPU half of this chapter is skipped"));
    WARN("chapter 09 ran without a CUDA device: only its CPU half was checked");
  }
  CHECK(std::filesystem::exists(run.out / "cpu_vs_gpu_loss.png"));
}
