// The checkpoint reader refuses broken, inconsistent and mismatched
// checkpoints with a DataError naming the file and what is wrong, and a
// refused checkpoint changes nothing.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>

#include "nn/checkpoint.hpp"
#include "nn/errors.hpp"
#include "nn/train.hpp"
#include "support/training_run.hpp"

using namespace nn;
using namespace nn::test;
using Catch::Contains;
using nlohmann::json;

namespace {

// A real checkpoint: the blobs MLP with Adam, stopped mid-epoch 2.
std::string make_checkpoint(const ScratchDir& dir) {
  static const Dataset data = blobs(kSamples, 7);
  const std::string file = dir.file("good.safetensors");
  Sequential model = mlp(1);
  Adam adam(model.parameters(), 0.01f);
  FailingLoss loss(FailingLoss::crash, 18);
  REQUIRE_THROWS_AS(fit(model, data, loss, adam,
                        {.epochs = 2,
                         .batch_size = kBatch,
                         .quiet = true,
                         .checkpoint = file,
                         .checkpoint_every = 4}),
                    SimulatedCrash);
  return file;
}

// A copy of `file` whose checkpoint JSON has been changed by `edit`.
std::string edited(const std::string& file, const std::string& name,
                   const std::function<void(json&)>& edit, TensorMap extra = {}) {
  Metadata metadata;
  TensorMap tensors = load_safetensors(file, &metadata);
  json j = json::parse(metadata.at("nn.checkpoint"));
  edit(j);
  metadata["nn.checkpoint"] = j.dump();
  tensors.merge(extra);
  const std::string out = std::filesystem::path(file).parent_path() / name;
  save_safetensors(out, tensors, metadata);
  return out;
}

}  // namespace

TEST_CASE("read_checkpoint refuses inconsistent checkpoints naming the file",
          "[checkpoint][bad-input]") {
  ScratchDir dir("nn_checkpoint_bad");
  const std::string good = make_checkpoint(dir);
  REQUIRE(read_checkpoint(good).progress.step == 3);  // global step 16 = epoch 2, step 3

  struct Case {
    const char* what;
    std::function<void(json&)> edit;
    const char* message;
  };
  const Case cases[] = {
      {"no epoch", [](json& j) { j.erase("epoch"); }, "missing \"epoch\""},
      {"a negative step", [](json& j) { j["step"] = -1; }, "\"step\" is -1, outside 0.."},
      {"a step that is text", [](json& j) { j["step"] = "3"; }, "\"step\" is not an integer"},
      {"a step past the epoch", [](json& j) { j["step"] = 14; }, "does not match loader_cursor"},
      {"a cursor that disagrees", [](json& j) { j["loader_cursor"] = 16; },
       "does not match loader_cursor"},
      {"seen that disagrees", [](json& j) { j["epoch_totals"]["seen"] = 8; }, "and seen 8"},
      {"a cursor past the data", [](json& j) { j["loader_cursor"] = 101; }, "outside 0..100"},
      {"a broken generator", [](json& j) { j["loader_rng"] = "1 2 3"; },
       "\"loader_rng\": not a random"},
      {"a newer version", [](json& j) { j["version"] = 2; }, "format version 2"},
      {"too few history rows", [](json& j) { j["epoch"] = 3; }, "history has 1 rows"},
      {"a ragged history row", [](json& j) { j["history"]["rows"][0].erase(0); }, "does not have"},
      {"a text learning rate", [](json& j) { j["optimizer"]["learning_rate"] = "fast"; },
       "\"learning_rate\" is not a number"},
      {"a huge learning rate", [](json& j) { j["optimizer"]["learning_rate"] = 1e300; },
       "not a finite float"},
      {"a negative counter", [](json& j) { j["optimizer"]["counters"]["t"] = -4; }, "\"t\" is -4"},
      {"a layer index that is text", [](json& j) { j["layer_rngs"]["two"] = j["loader_rng"]; },
       "'two' is not a layer index"},
      {"NaN in the epoch's sums", [](json& j) { j["epoch_totals"]["loss_sum"] = 1e308 * 10; },
       "\"loss_sum\" is not a number"},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const std::string bad = edited(good, "bad.safetensors", c.edit);
    CHECK_THROWS_AS(read_checkpoint(bad), DataError);
    CHECK_THROWS_WITH(read_checkpoint(bad), Contains(bad) && Contains(c.message));
  }
  SECTION("a tensor outside model. and optimizer.") {
    const std::string bad =
        edited(good, "extra.safetensors", [](json&) {}, {{"junk", Tensor({1})}});
    CHECK_THROWS_WITH(read_checkpoint(bad), Contains(bad) && Contains("'junk' is neither"));
  }
  SECTION("a weights file is not a checkpoint") {
    Sequential model = mlp(1);
    model.save(dir.file("weights.safetensors"));
    CHECK_THROWS_WITH(read_checkpoint(dir.file("weights.safetensors")),
                      Contains("weights.safetensors") && Contains("not a training checkpoint"));
  }
  SECTION("a truncated file") {
    const auto size = std::filesystem::file_size(good);
    std::filesystem::resize_file(good, size - 5);
    CHECK_THROWS_AS(read_checkpoint(good), DataError);
    CHECK_THROWS_WITH(read_checkpoint(good), Contains(good));
  }
  SECTION("a missing file") {
    CHECK_THROWS_WITH(read_checkpoint(dir.file("none.safetensors")),
                      Contains("none.safetensors") && Contains("cannot open"));
  }
}

TEST_CASE("restore_checkpoint refuses another model or optimiser and changes nothing",
          "[checkpoint][bad-input]") {
  ScratchDir dir("nn_checkpoint_bad");
  const std::string file = make_checkpoint(dir);
  const Checkpoint saved = read_checkpoint(file);

  SECTION("another kind of optimiser") {
    Sequential model = mlp(2);
    const TensorMap before = model.state();
    Momentum momentum(model.parameters(), 0.1f);
    CHECK_THROWS_WITH(restore_checkpoint(saved, model, momentum),
                      Contains(file) && Contains("saved by a Adam optimiser, not Momentum"));
    CHECK(same_bits(model.state().at("0.weight"), before.at("0.weight")));
  }
  SECTION("another architecture") {
    Rng rng(1);
    Sequential model;
    model.add<Dense>(20, 16, rng);
    model.add<ReLU>();
    model.add<Dropout>(0.25f, rng.split());
    model.add<Dense>(16, 4, rng);  // 4 classes, not 3
    const TensorMap before = model.state();
    Adam adam(model.parameters(), 0.5f);
    CHECK_THROWS_WITH(restore_checkpoint(saved, model, adam),
                      Contains(file) && Contains("'optimizer.3.weight.m' has shape [3, 16]"));
    for (const auto& [name, t] : before) CHECK(same_bits(model.state().at(name), t));
    CHECK(adam.learning_rate == 0.5f);
  }
  SECTION("a model without the dropout layer's generator") {
    Rng rng(1);
    Sequential model;
    model.add<Dense>(20, 16, rng);
    model.add<ReLU>();
    model.add<ReLU>();  // where the Dropout was
    model.add<Dense>(16, 3, rng);
    Adam adam(model.parameters(), 0.01f);
    CHECK_THROWS_WITH(restore_checkpoint(saved, model, adam),
                      Contains(file) && Contains("layer 2 (ReLU) has no random generator"));
  }
  SECTION("fit with another batch size") {
    const Dataset data = blobs(kSamples, 7);
    Sequential model = mlp(1);
    Adam adam(model.parameters(), 0.01f);
    SoftmaxCrossEntropy loss;
    CHECK_THROWS_WITH(fit(model, data, loss, adam,
                          {.epochs = 2, .batch_size = 10, .quiet = true, .resume = file}),
                      Contains(file) && Contains("batch size 8 on 100 samples"));
  }
}
