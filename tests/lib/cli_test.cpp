#include "nn/cli.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "nn/gemm.hpp"
#include "nn/summary.hpp"

using namespace nn;
namespace fs = std::filesystem;

namespace {

// Runs parse() on the words of a command line, capturing what it prints.
std::optional<int> parse(ChapterCli& cli, std::vector<const char*> args,
                         std::string* printed = nullptr) {
  args.insert(args.begin(), "chapter");
  std::ostringstream out, err;
  auto code = cli.parse(static_cast<int>(args.size()), args.data(), out, err);
  if (printed) *printed = out.str() + err.str();
  return code;
}

// Under one folder per test run, removed at exit.
fs::path temp_dir(const std::string& name) {
  static const struct Root {
    fs::path path = fs::temp_directory_path() / ("nn-cli-test-" + std::to_string(::getpid()));
    ~Root() { fs::remove_all(path); }
  } root;
  return root.path / name;
}

}  // namespace

TEST_CASE("ChapterCli fills in the shared defaults", "[cli]") {
  ChapterCli cli("01-logistic-regression", "Logistic regression", {.epochs = 3, .lr = 0.3f});
  const ChapterOptions& o = cli.options();
  CHECK(o.data == std::string(NN_SOURCE_DIR) + "/datasets/cache");
  CHECK(o.out == "runs/01-logistic-regression");
  CHECK(o.epochs == 3);
  CHECK(o.lr == 0.3f);
  CHECK(o.seed == 42);
  CHECK(o.threads == 2);
  CHECK(!o.quick);
}

TEST_CASE("ChapterCli parses the shared flags and a chapter's own", "[cli]") {
  ChapterCli cli("02-xor-mlp", "XOR");
  int seeds = 10;
  cli.app().add_option("--seeds", seeds, "seeds tried");
  const fs::path out = temp_dir("xor");
  const std::string out_s = out.string();
  CHECK(!parse(cli, {"--epochs", "7", "--lr", "0.5", "--seed", "3", "--threads", "1", "--out",
                     out_s.c_str(), "--quick", "--seeds", "4", "--data", "/tmp/d"}));
  const ChapterOptions& o = cli.options();
  CHECK(o.epochs == 7);
  CHECK(o.lr == 0.5f);
  CHECK(o.seed == 3);
  CHECK(o.quick);
  CHECK(o.data == "/tmp/d");
  CHECK(seeds == 4);
  CHECK(fs::is_directory(out));  // created by parse
  CHECK(threads() == 1);
  set_threads(2);
}

TEST_CASE("ChapterCli answers --help and rejects bad flags with a message", "[cli]") {
  std::string printed;
  {
    ChapterCli cli("03-backprop", "Backpropagation");
    CHECK(parse(cli, {"--help"}, &printed) == 0);
    CHECK_THAT(printed, Catch::Contains("--epochs") && Catch::Contains("Backpropagation"));
  }
  {
    ChapterCli cli("03-backprop", "Backpropagation");
    const auto code = parse(cli, {"--epochs", "lots"}, &printed);
    CHECK((code && *code != 0));
    CHECK_THAT(printed, Catch::Contains("--epochs") && Catch::Contains("lots"));
  }
  {
    ChapterCli cli("03-backprop", "Backpropagation");
    CHECK(parse(cli, {"--lr", "-1"}, &printed).value_or(0) != 0);
    CHECK(parse(cli, {"--bogus"}, &printed).value_or(0) != 0);
    CHECK_THAT(printed, Catch::Contains("--bogus"));
  }
  {
    const fs::path file = temp_dir("a_file");
    fs::create_directories(file.parent_path());
    std::ofstream(file) << "x";
    ChapterCli cli("03-backprop", "Backpropagation");
    const std::string out_s = (file / "sub").string();
    CHECK(parse(cli, {"--out", out_s.c_str()}, &printed) == 1);
    CHECK_THAT(printed, Catch::Contains("cannot create the output folder"));
  }
}

TEST_CASE("ChapterCli checkpoint flags exist only where a chapter adds them", "[cli][checkpoint]") {
  std::string printed;
  const fs::path file = temp_dir("checkpoint.safetensors");
  fs::create_directories(file.parent_path());
  std::ofstream(file) << "x";
  const std::string file_s = file.string(), out_s = temp_dir("cp_out").string();
  {
    ChapterCli cli("03-backprop", "Backpropagation");
    CHECK(parse(cli, {"--checkpoint-every", "5"}, &printed).value_or(0) != 0);
    CHECK_THAT(printed, Catch::Contains("--checkpoint-every"));
  }
  {
    ChapterCli cli("07-cnn-mnist", "ConvNet");
    cli.add_checkpoint_flags();
    CHECK(cli.options().checkpoint_every == 0);
    CHECK(cli.options().resume.empty());
    CHECK(!parse(cli,
                 {"--checkpoint-every", "5", "--resume", file_s.c_str(), "--out", out_s.c_str()}));
    CHECK(cli.options().checkpoint_every == 5);
    CHECK(cli.options().resume == file_s);
  }
  {
    ChapterCli cli("07-cnn-mnist", "ConvNet");
    cli.add_checkpoint_flags();
    CHECK(parse(cli, {"--checkpoint-every", "-1"}, &printed).value_or(0) != 0);
    CHECK_THAT(printed, Catch::Contains("--checkpoint-every"));
    CHECK(parse(cli, {"--resume", "/no/such/file"}, &printed).value_or(0) != 0);
    CHECK_THAT(printed, Catch::Contains("/no/such/file"));
  }
  set_threads(2);
}

TEST_CASE("Summary writes valid summary.json with the keys set", "[cli]") {
  Summary s("01-logistic-regression", "MNIST 0 vs 1");
  s.set("test_accuracy", 0.9991);
  s.set("epochs", 3);
  s.set("note", std::string("quick run"));
  s.set("diverged", false);
  const fs::path dir = temp_dir("summary");
  s.write(dir);
  std::ifstream in(dir / "summary.json");
  const nlohmann::json j = nlohmann::json::parse(in);
  CHECK(j["chapter"] == "01-logistic-regression");
  CHECK(j["dataset"] == "MNIST 0 vs 1");
  CHECK(j["test_accuracy"].get<double>() == 0.9991);
  CHECK(j["epochs"] == 3);
  CHECK(j["note"] == "quick run");
  CHECK(j["diverged"] == false);
  CHECK(s.json().dump(2).find("\n  \"") != std::string::npos);  // 2-space indent
  Stopwatch clock;
  CHECK(clock.seconds() >= 0);
  CHECK(clock.seconds() < 1);
}
