// Checkpoints: a run interrupted at any step and resumed from its last
// checkpoint, in a fresh model and optimiser, ends with the same bits as a run
// that was never interrupted; each piece of saved state is shown to matter;
// the reader refuses broken or mismatched checkpoints, naming the file.
#include "nn/checkpoint.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <nlohmann/json.hpp>

#include "nn/errors.hpp"
#include "nn/train.hpp"
#include "support/training_run.hpp"

using namespace nn;
using namespace nn::test;
using Catch::Contains;

namespace {

const char* const kOptimizers[] = {"SGD",     "Momentum", "Nesterov", "AdaGrad",
                                   "RMSprop", "Adam",     "AdamW"};

struct Run {
  TensorMap weights;
  TensorMap optimizer_state;  // "<parameter>.<buffer>", and counters as 1-element tensors
  History history;
};

// The optimiser's buffers and counters, copied out for comparison.
TensorMap optimizer_state(Optimizer& optimizer) {
  TensorMap out;
  const OptimizerState s = optimizer.state();
  for (const auto& [buffer, tensors] : s.buffers)
    for (std::size_t k = 0; k < tensors->size(); ++k)
      out[optimizer.parameters()[k].name + "." + buffer] = (*tensors)[k];
  for (const auto& [name, value] : s.counters) out[name] = Tensor({1}, static_cast<float>(*value));
  out["learning_rate"] = Tensor({1}, optimizer.learning_rate);
  return out;
}

// Three epochs of the blobs MLP, validated on other blobs after each epoch.
Run train(const std::string& kind, FitOptions options, FailingLoss loss = {},
          std::uint64_t init_seed = 1) {
  static const Dataset data = blobs(kSamples, 7), validation = blobs(30, 8);
  Sequential model = mlp(init_seed);
  auto optimizer = make_optimizer(kind, model);
  options.epochs = 3;
  options.batch_size = kBatch;
  options.seed = 5;
  options.validation = &validation;
  options.quiet = true;
  History h = fit(model, data, loss, *optimizer, options);
  return {model.state(), optimizer_state(*optimizer), h};
}

void check_same_bits(const TensorMap& a, const TensorMap& b) {
  REQUIRE(a.size() == b.size());
  for (const auto& [name, t] : a) {
    INFO(name);
    REQUIRE(b.count(name) == 1);
    CHECK(same_bits(t, b.at(name)));
  }
}

bool all_same_bits(const TensorMap& a, const TensorMap& b) {
  for (const auto& [name, t] : a)
    if (!b.count(name) || !same_bits(t, b.at(name))) return false;
  return a.size() == b.size();
}

// Every column but "seconds", which no two runs share.
void check_same_history(const History& a, const History& b) {
  REQUIRE(a.columns() == b.columns());
  REQUIRE(a.size() == b.size());
  for (const auto& name : a.columns())
    if (name != "seconds") CHECK(a.column(name) == b.column(name));
}

// Forward calls of the loss: 13 training steps then one validation per epoch.
constexpr int call_of(int epoch, int step) { return (epoch - 1) * (kStepsPerEpoch + 1) + step; }

}  // namespace

TEST_CASE("a resumed run ends with the same bits as an uninterrupted one", "[checkpoint]") {
  const std::string kind =
      GENERATE(values<std::string>({kOptimizers[0], kOptimizers[1], kOptimizers[2], kOptimizers[3],
                                    kOptimizers[4], kOptimizers[5], kOptimizers[6]}));
  struct Case {
    const char* what;
    int every, crash_call;    // checkpoint_every, and the loss call that "crashes"
    int epoch, step, global;  // where the last checkpoint before the crash is
  };
  const Case c = GENERATE(values<Case>({
      {"mid-epoch", 4, call_of(2, 9), 2, 7, 20},
      {"end of an epoch", 0, call_of(3, 2), 3, 0, 26},
      {"after an epoch's last step", 13, call_of(1, 14), 1, 13, 13},
      {"after the first step", 1, call_of(1, 2), 1, 1, 1},
  }));
  INFO(kind << ", checkpoint " << c.what);
  const Run uninterrupted = train(kind, {});

  ScratchDir dir("nn_checkpoint_test");
  const std::string file = dir.file("run.safetensors");
  REQUIRE_THROWS_AS(train(kind, {.checkpoint = file, .checkpoint_every = c.every},
                          FailingLoss(FailingLoss::crash, c.crash_call)),
                    SimulatedCrash);
  const TrainingProgress saved = read_checkpoint(file).progress;
  REQUIRE(saved.epoch == c.epoch);
  REQUIRE(saved.step == c.step);
  REQUIRE(saved.global_step == c.global);

  // Other starting weights: all of them must come from the checkpoint.
  const Run resumed = train(kind, {.checkpoint = file, .checkpoint_every = c.every, .resume = file},
                            {}, /*init_seed=*/99);
  check_same_bits(resumed.weights, uninterrupted.weights);
  check_same_bits(resumed.optimizer_state, uninterrupted.optimizer_state);
  check_same_history(resumed.history, uninterrupted.history);
  // And the resumed run went on checkpointing to the end of epoch 3.
  CHECK(read_checkpoint(file).progress.epoch == 4);
}

TEST_CASE("each part of a checkpoint is needed to resume exactly", "[checkpoint]") {
  // The test above could pass by luck if a resumed run were insensitive to
  // the state: spoil one part at a time and show the result changes.
  const Run uninterrupted = train("Adam", {});
  ScratchDir dir("nn_checkpoint_test");
  const std::string file = dir.file("run.safetensors"), spoiled = dir.file("spoiled.safetensors");
  REQUIRE_THROWS_AS(train("Adam", {.checkpoint = file, .checkpoint_every = 4},
                          FailingLoss(FailingLoss::crash, call_of(2, 9))),
                    SimulatedCrash);
  using Spoil = std::function<void(Sequential&, Optimizer&, TrainingProgress&)>;
  struct Case {
    const char* what;
    bool same_weights, same_history;
    Spoil spoil;
  };
  const Case cases[] = {
      {"nothing (the control)", true, true, [](Sequential&, Optimizer&, TrainingProgress&) {}},
      {"the optimiser's moments", false, false,
       [](Sequential&, Optimizer& o, TrainingProgress&) {
         for (Tensor& m : *o.state().buffers[0].second) m.fill(0.0f);
       }},
      {"Adam's step count", false, false,
       [](Sequential&, Optimizer& o, TrainingProgress&) { *o.state().counters[0].second += 1; }},
      {"the learning rate", false, false,
       [](Sequential&, Optimizer& o, TrainingProgress&) { o.learning_rate *= 2; }},
      {"the data order", false, false,
       [](Sequential&, Optimizer&, TrainingProgress& p) { p.loader.rng = Rng(123).state(); }},
      {"the dropout masks", false, false,
       [](Sequential& m, Optimizer&, TrainingProgress&) { *m.layer(2).rng() = Rng(123); }},
      {"one weight", false, false,
       [](Sequential& m, Optimizer&, TrainingProgress&) {
         m.parameters()[0].value->values()[0] += 1e-3f;
       }},
      {"the running sums of the epoch in progress", true, false,
       [](Sequential&, Optimizer&, TrainingProgress& p) { p.loss_sum += 1; }},
  };
  for (const Case& c : cases) {
    INFO("spoiled: " << c.what);
    Sequential model = mlp(1);
    auto optimizer = make_optimizer("Adam", model);
    TrainingProgress p = restore_checkpoint(read_checkpoint(file), model, *optimizer);
    c.spoil(model, *optimizer, p);
    save_checkpoint(spoiled, model, *optimizer, p);
    const Run resumed = train("Adam", {.resume = spoiled}, {}, 99);
    CHECK(all_same_bits(resumed.weights, uninterrupted.weights) == c.same_weights);
    CHECK((resumed.history.column("train_loss") == uninterrupted.history.column("train_loss")) ==
          c.same_history);
  }
}

TEST_CASE("Rng state round-trips and bad states are refused", "[checkpoint][random]") {
  Rng a(17);
  a.normal();
  Rng b = Rng::from_state(a.state());
  for (int i = 0; i < 1000; ++i) REQUIRE(a.integer(1 << 30) == b.integer(1 << 30));
  const std::string good = a.state();
  CHECK_THROWS_WITH(Rng::from_state(""), Contains("not a random generator state"));
  CHECK_THROWS_WITH(Rng::from_state("1 2 3"), Contains("312 words"));
  CHECK_THROWS_WITH(Rng::from_state(good + " 5"), Contains("312 words"));
  CHECK_THROWS_WITH(Rng::from_state("-" + good), Contains("digits"));
  CHECK_THROWS_WITH(Rng::from_state(good.substr(0, good.rfind(' ')) + " 313"),
                    Contains("312 words"));
  CHECK_THROWS_WITH(Rng::from_state("99999999999999999999 " + good.substr(good.find(' ') + 1)),
                    Contains("312 words"));
}

TEST_CASE("DataLoader restore continues an epoch with the same batches", "[checkpoint][data]") {
  const Dataset data = blobs(20, 1);
  DataLoader a(data, 6, true, Rng(3));
  Batch batch, other;
  a.start_epoch();
  a.next(batch);
  a.next(batch);
  DataLoader b(data, 6, true, Rng(999));
  b.restore(a.state());
  int batches = 0;
  while (a.next(batch)) {
    REQUIRE(b.next(other));
    CHECK(same_bits(batch.x, other.x));
    ++batches;
  }
  CHECK(batches == 2);
  CHECK_FALSE(b.next(other));
  a.start_epoch();
  b.start_epoch();
  a.next(batch);
  b.next(other);
  CHECK(same_bits(batch.y, other.y));
  CHECK_THROWS_WITH(b.restore({Rng(1).state(), 21}), Contains("outside a data set of 20"));
}

TEST_CASE("a regression run (no accuracy) resumes to the same bits", "[checkpoint]") {
  // MSE on two outputs: accuracy is NaN, which JSON cannot hold.
  Rng rng(3);
  Dataset data{Tensor({50, 4}), Tensor({50, 2}), {}};
  for (float& v : data.x.values()) v = rng.normal();
  for (int i = 0; i < 50; ++i) {
    data.y.at(i, 0) = data.x.at(i, 0) - 2 * data.x.at(i, 1);
    data.y.at(i, 1) = data.x.at(i, 2) * data.x.at(i, 3);
  }
  auto run = [&](FitOptions options, Loss& loss, std::uint64_t init_seed) {
    Rng init(init_seed);
    Sequential model;
    model.add<Dense>(4, 8, init);
    model.add<Tanh>();
    model.add<Dense>(8, 2, init);
    Momentum momentum(model.parameters(), 0.05f);
    options.epochs = 2;
    options.batch_size = 16;  // 4 steps per epoch
    options.quiet = true;
    const History h = fit(model, data, loss, momentum, options);
    return std::make_pair(model.state(), h);
  };
  struct CrashingMSE : MSE {
    int calls = 0;
    float forward(const Tensor& p, const Tensor& t) override {
      if (++calls == 7) throw SimulatedCrash();
      return MSE::forward(p, t);
    }
  };
  MSE mse;
  const auto [weights, history] = run({}, mse, 1);
  REQUIRE(std::isnan(history.column("train_accuracy")[0]));

  ScratchDir dir("nn_checkpoint_test");
  const std::string file = dir.file("run.safetensors");
  CrashingMSE crashing;
  REQUIRE_THROWS_AS(run({.checkpoint = file, .checkpoint_every = 1}, crashing, 1), SimulatedCrash);
  REQUIRE(read_checkpoint(file).progress.step == 2);  // epoch 2, mid-way
  MSE fresh;
  const auto [resumed, resumed_history] = run({.resume = file}, fresh, 2);
  check_same_bits(resumed, weights);
  CHECK(resumed_history.column("train_loss") == history.column("train_loss"));
  CHECK(std::isnan(resumed_history.column("train_accuracy")[1]));
}
