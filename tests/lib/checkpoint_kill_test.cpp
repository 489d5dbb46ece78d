// Kill during save: a child process (tests/support/checkpoint_saver.cpp)
// saves checkpoints in a loop and is killed with SIGKILL at a random moment,
// over and over. After every kill the checkpoint on disk must be whole: the
// old one or a newer one, never a mix and never a torn file.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "support/checkpoint_saver.hpp"
#include "support/training_run.hpp"

using namespace nn;
using namespace nn::test;

extern char** environ;

namespace {

pid_t start_saver(const std::string& file) {
  const std::string program = NN_CHECKPOINT_SAVER;
  char* const argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>(file.c_str()),
                        nullptr};
  pid_t pid = 0;
  REQUIRE(posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv, environ) == 0);
  return pid;
}

// How long the saver takes to start and write its first three checkpoints
// (a few tens of ms in a release build, far more under a sanitizer): the
// kills below land anywhere in that window.
std::chrono::microseconds calibrate(const std::string& file) {
  const int first = saver_number(read_checkpoint(file));
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = start_saver(file);
  while (saver_number(read_checkpoint(file)) < first + 3 &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(20))
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto took = std::chrono::steady_clock::now() - start;
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return std::chrono::duration_cast<std::chrono::microseconds>(took);
}

int temp_files_in(const std::filesystem::path& dir) {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    n += entry.path().filename().string().find(".tmp-") != std::string::npos;
  return n;
}

}  // namespace

TEST_CASE("a checkpoint survives its writer being killed at any moment", "[checkpoint][kill]") {
  ScratchDir dir("nn_checkpoint_kill");
  const std::string file = dir.file("run.safetensors");
  SaverRun().save(file, 0);

  const auto window = calibrate(file);
  constexpr int kKills = 100;
  Rng rng(2024);
  int last = saver_number(read_checkpoint(file)), kills_mid_save = 0, kills_with_progress = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int k = 0; k < kKills; ++k) {
    const int temp_before = temp_files_in(dir.path);
    const pid_t pid = start_saver(file);
    // The child needs a few ms to start, then takes some 5 to 20 ms per
    // save (most of it in fsync).
    std::this_thread::sleep_for(std::chrono::microseconds(rng.integer(window.count() + 1)));
    REQUIRE(::kill(pid, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    INFO("kill " << k << ": the child " << (WIFSIGNALED(status) ? "was killed" : "exited"));
    REQUIRE(WIFSIGNALED(status));  // it never stops by itself, unless it failed

    const int n = saver_number(read_checkpoint(file));  // throws if the file is torn
    REQUIRE(n >= last);                                 // whole: one number throughout
    kills_with_progress += n > last;
    kills_mid_save += temp_files_in(dir.path) > temp_before;  // killed while writing one
    last = n;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WARN(kKills << " kills at random in the first " << window.count() / 1000 << " ms of a saver, in "
              << seconds << " s: " << kills_mid_save << " while a save was being written, "
              << kills_with_progress << " after new checkpoints; " << last << " checkpoints saved");
  // The test means something only if kills did land in the middle of saves
  // and the child did replace the file in between (typically a third or
  // more of the kills each; a few suffice).
  CHECK(kills_mid_save >= 3);
  CHECK(kills_with_progress >= 3);
}
