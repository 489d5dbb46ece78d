#pragma once
// Runs a chapter program for a smoke test: --quick on the tiny fixture data
// (tests/fixtures/mnist-tiny), one thread, output in a fresh temp folder.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>
#include <vector>

namespace nn::test {

struct ChapterRun {
  int exit_code;
  std::filesystem::path out;
  std::string log;  // stdout and stderr together
};

inline ChapterRun run_chapter(const std::string& slug, const std::string& extra_flags = "",
                              const std::string& data = NN_FIXTURES_DIR "/mnist-tiny") {
  namespace fs = std::filesystem;
  // A folder of its own for every run: CTest runs test cases in parallel,
  // several of them of the same chapter.
  // They are removed when the test process ends.
  struct Folders {
    std::vector<fs::path> paths;
    ~Folders() {
      std::error_code ignored;
      for (const auto& p : paths) {
        fs::remove_all(p, ignored);
        fs::remove(p.string() + ".log", ignored);
      }
    }
  };
  static Folders made;
  const fs::path out =
      fs::temp_directory_path() / ("nn-smoke-" + slug + "-" + std::to_string(::getpid()) + "-" +
                                   std::to_string(made.paths.size() + 1));
  made.paths.push_back(out);
  fs::remove_all(out);
  fs::create_directories(out);
  const fs::path log = out.string() + ".log";
  const std::string command = std::string(NN_CHAPTER_BIN_DIR) + "/" + slug + " --quick --data " +
                              data + " --threads 1 --out " + out.string() + " " + extra_flags +
                              " > " + log.string() + " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(log);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {WEXITSTATUS(status), out, text};
}

inline nlohmann::json summary_of(const ChapterRun& run) {
  std::ifstream in(run.out / "summary.json");
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

inline int png_count(const std::filesystem::path& dir) {
  int n = 0;
  for (auto& entry : std::filesystem::directory_iterator(dir))
    n += entry.path().extension() == ".png";
  return n;
}

/// What every chapter run must produce: exit 0, summary.json with the
/// common keys, and at least `min_plots` PNG files.
inline void check_chapter_run(const ChapterRun& run, const std::string& slug, int min_plots = 3) {
  INFO(run.log);
  REQUIRE(run.exit_code == 0);
  const auto s = summary_of(run);
  CHECK(s["chapter"] == slug);
  CHECK(s.contains("dataset"));
  CHECK(s.contains("epochs"));
  CHECK(s["seconds"].get<double>() >= 0.0);
  CHECK(png_count(run.out) >= min_plots);
}

}  // namespace nn::test
