// Chapter 05 smoke test: the optimisers on the two surfaces, on the MNIST
// fixture and under the four schedules, end to end with --quick in seconds.
#include <catch2/catch.hpp>

#include "support/chapter_run.hpp"

using namespace nn::test;

TEST_CASE("chapter 05 runs on the fixture data", "[chapter][smoke]") {
  const ChapterRun run = run_chapter("05-momentum", "--epochs 1");
  check_chapter_run(run, "05-momentum", 7);
  const auto s = summary_of(run);
  CHECK(s["epochs"] == 1);
  for (const char* name : {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"}) {
    INFO(name);
    const auto& acc = s["test_accuracy_" + std::string(name)];
    REQUIRE(acc.is_number());
    CHECK(acc.get<double>() >= 0.0);
    CHECK(acc.get<double>() <= 1.0);
  }
  CHECK(s["test_accuracy"].get<double>() >= s["test_accuracy_sgd"].get<double>());
  for (const char* name : {"constant", "step_decay", "exponential_decay", "reduce_on_plateau"})
    CHECK(s.contains("test_accuracy_schedule_" + std::string(name)));
  // The ravine is deterministic: momentum tuned for its condition number
  // needs far fewer steps than gradient descent; RMSprop at a constant rate
  // never settles (it ends bouncing around the minimum).
  const int gd = s["ravine_steps_gd"], momentum = s["ravine_steps_momentum"];
  CHECK(gd > 100);
  CHECK(gd < 130);
  CHECK(momentum < gd / 3);
  CHECK(s["ravine_steps_nesterov"].get<int>() < gd / 2);
  CHECK(s["ravine_steps_rmsprop"].is_null());
  CHECK(s["rosenbrock_steps_momentum"].get<int>() < s["rosenbrock_steps_gd"].get<int>() / 5);
}
