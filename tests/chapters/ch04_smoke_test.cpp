// Chapter 04 smoke test: convolution, pooling and im2col run end to end with
// --quick on the fixture data (no photographs there: a synthetic image stands
// in), and without --quick a missing photograph is a clear error.
#include <catch2/catch.hpp>

#include "support/chapter_run.hpp"

using namespace nn::test;

TEST_CASE("chapter 04 runs on the fixture data", "[chapter][smoke]") {
  const ChapterRun run = run_chapter("04-conv-pool");
  check_chapter_run(run, "04-conv-pool", 4);
  const auto s = summary_of(run);
  CHECK(s["epochs"] == 0);
  CHECK(s["photo"] == "synthetic");
  // im2col + sgemm computes the same convolution as the direct loop.
  CHECK(s["im2col_max_abs_diff"].get<double>() < 1e-4);
  CHECK(s["speedup"].get<double>() > 0.0);
  CHECK(s["stride2_vs_subsampled_max_abs_diff"].get<double>() == 0.0);
}

TEST_CASE("chapter 04 says clearly when the photographs are missing", "[chapter][bad-input]") {
  // Without --quick there is no synthetic stand-in (run_chapter always adds
  // --quick, so call the program directly).
  namespace fs = std::filesystem;
  const fs::path out = fs::temp_directory_path() / "nn-smoke-04-conv-pool-nophoto";
  const fs::path log = out.string() + ".log";
  const std::string command = std::string(NN_CHAPTER_BIN_DIR) + "/04-conv-pool --data " +
                              NN_FIXTURES_DIR + "/mnist-tiny --threads 1 --out " + out.string() +
                              " > " + log.string() + " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(log);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  INFO(text);
  CHECK(WEXITSTATUS(status) == 1);
  CHECK_THAT(text, Catch::Contains("error: photographs not found") &&
                       Catch::Contains("datasets/fetch photos"));
}
