// Chapter 06: regularisation. An MLP overfits 1,000 MNIST training images;
// dropout, L2 weight decay and early stopping each narrow the gap between
// training and validation. Then: how the initial weights decide whether a
// deep network trains at all (initialisation.cpp). Book page: book/06-dropout.md.
#include <fmt/format.h>

#include <limits>

#include "initialisation.hpp"
#include "nn/cli.hpp"
#include "nn/data/mnist.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/dropout.hpp"
#include "nn/plot.hpp"
#include "nn/stopwatch.hpp"
#include "nn/summary.hpp"
#include "nn/train.hpp"

using namespace nn;

// The flags of this chapter, besides the shared ones.
struct RegularisationOptions {
  int train_size = 1000;       // --train-size: training images (the rest are held out)
  float dropout = 0.5f;        // --dropout: p, the probability of dropping a hidden unit
  float weight_decay = 5e-3f;  // --weight-decay: lambda of the L2 penalty
  int patience = 10;           // --patience: epochs without a better validation loss
};

// A training set, a validation set held out of MNIST's training file, and the test set.
struct Split {
  Dataset train, validation, test;
  Dataset larger;  // the first 10,000 training images, for the initialisation runs
};

//! [model]
// A 784-256-256-10 ReLU network, big enough to memorise 1,000 images. With
// rate > 0, a Dropout layer follows each hidden layer. The masks come from
// their own generator, so every variant starts from the same weights.
static Sequential mlp(float rate, std::uint64_t seed) {
  Rng init(seed), masks(seed + 1);
  Sequential model;
  model.add<Dense>(784, 256, init, /*he_init=*/true);
  model.add<ReLU>();
  if (rate > 0) model.add<Dropout>(rate, masks.split());
  model.add<Dense>(256, 256, init, /*he_init=*/true);
  model.add<ReLU>();
  if (rate > 0) model.add<Dropout>(rate, masks.split());
  model.add<Dense>(256, 10, init);
  return model;
}
//! [model]

//! [early-stopping]
// Early stopping: remember the weights of the epoch with the lowest
// validation loss; stop once `patience` epochs have passed without a new
// lowest; then put the remembered weights back into the model.
class EarlyStopping {
 public:
  explicit EarlyStopping(int patience) : patience_(patience) {}

  // Called after every epoch; true means "stop now".
  bool should_stop(Sequential& model, int epoch, double validation_loss) {
    if (validation_loss < best_loss_) {
      best_loss_ = validation_loss;
      best_epoch_ = epoch;
      best_weights_.clear();
      for (const Parameter& p : model.parameters()) best_weights_.push_back(*p.value);  // a copy
    }
    return epoch - best_epoch_ >= patience_;
  }

  void restore_best(Sequential& model) const {
    std::vector<Parameter> params = model.parameters();
    for (std::size_t i = 0; i < params.size(); ++i) *params[i].value = best_weights_[i];
  }
  int best_epoch() const { return best_epoch_; }

 private:
  int patience_;
  double best_loss_ = std::numeric_limits<double>::infinity();
  int best_epoch_ = 0;
  std::vector<Tensor> best_weights_;
};
//! [early-stopping]

// One way to regularise: any of dropout, weight decay and early stopping.
struct Method {
  std::string name, key;  // "dropout 0.5"; "dropout" (for summary.json)
  float dropout = 0, weight_decay = 0;
  int patience = 0;  // 0: no early stopping
};

// What a method achieved: its curves and the final model's scores.
struct Outcome {
  Method method;
  History history;  // epoch, train_loss, train_accuracy, val_loss, val_accuracy
  Evaluation train, validation, test;
  int epochs_run = 0, best_epoch = 0;
};

static Outcome train_with(const Method& m, const Split& data, const ChapterOptions& o) {
  Sequential model = mlp(m.dropout, o.seed);
  //! [weight-decay]
  SGD sgd(model.parameters(), o.lr);
  sgd.weight_decay = m.weight_decay;  // the gradient becomes g + lambda w
  sgd.decay_biases = false;           // decay the weights only
  //! [weight-decay]
  SoftmaxCrossEntropy loss;
  EarlyStopping stopper(m.patience);
  Outcome out{m, {}, {}, {}, {}, 0, 0};
  fmt::print("{}:\n", m.name);
  //! [epoch-loop]
  // fit() has no way to stop early, so the loop calls it one epoch at a time
  // (a new shuffle each epoch). Both losses are measured in inference mode,
  // after the epoch, so that dropout's noise does not inflate the training loss.
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    fit(model, data.train, loss, sgd,
        {.epochs = 1, .batch_size = 32, .seed = o.seed + epoch, .quiet = true});
    const Evaluation train = evaluate(model, data.train, loss);
    const Evaluation val = evaluate(model, data.validation, loss);
    out.history.add(epoch, {{"train_loss", train.loss},
                            {"train_accuracy", train.accuracy},
                            {"val_loss", val.loss},
                            {"val_accuracy", val.accuracy}});
    out.epochs_run = epoch;
    if (epoch % 20 == 0 || epoch == 1)
      fmt::print(
          "  epoch {:>3}  train loss {:.4f} acc {:.4f}   validation loss {:.4f} acc {:.4f}\n",
          epoch, train.loss, train.accuracy, val.loss, val.accuracy);
    if (m.patience > 0 && stopper.should_stop(model, epoch, val.loss)) break;
  }
  if (m.patience > 0) {
    stopper.restore_best(model);
    out.best_epoch = stopper.best_epoch();
    fmt::print(
        "  stopped after epoch {}: no lower validation loss for {} epochs; restored epoch {}\n",
        out.epochs_run, m.patience, out.best_epoch);
  }
  //! [epoch-loop]
  out.train = evaluate(model, data.train, loss);
  out.validation = evaluate(model, data.validation, loss);
  out.test = evaluate(model, data.test, loss);
  fmt::print("  final: train acc {:.4f}  validation acc {:.4f}  gap {:.4f}  test acc {:.4f}\n",
             out.train.accuracy, out.validation.accuracy,
             out.train.accuracy - out.validation.accuracy, out.test.accuracy);
  return out;
}

// Training and validation loss of the baseline and, if given, of one regularised run.
static void plot_against_baseline(const std::string& path, const std::string& title,
                                  const Outcome& base, const Outcome* other = nullptr) {
  std::vector<Series> s;
  for (const Outcome* r : {&base, other})
    if (r)
      for (const char* column : {"train_loss", "val_loss"})
        s.push_back({fmt::format("{}: {}", r->method.name,
                                 column == std::string("train_loss") ? "training" : "validation"),
                     r->history.column("epoch"), r->history.column(column)});
  if (other && other->best_epoch > 0) {  // early stopping: mark the restored epoch
    const double e = other->best_epoch;
    s.push_back({fmt::format("restored weights (epoch {})", other->best_epoch), {e, e}, {1e-4, 3}});
  }
  plot_curves(path, title, "epoch", "cross-entropy (inference mode)", s, /*log_y=*/true);
}

static Split load_split(const ChapterOptions& o, int train_size) {
  const Dataset all = load_mnist(o.data + "/mnist", true, o.quick ? 3000 : 0);
  Dataset test = load_mnist(o.data + "/mnist", false, o.quick ? 1000 : 0);
  // The first `train_size` images train; the last 10,000 (a sixth, when
  // the file is smaller) are the validation set, never trained on.
  const int n_val = std::min(10000, all.size() / 6 + 1);
  const int n_train = std::min(train_size, all.size() - n_val);
  Split s{all.slice(0, n_train), all.slice(all.size() - n_val, all.size()), std::move(test),
          all.slice(0, std::min(10000, all.size() - n_val))};
  for (Dataset* d : {&s.train, &s.validation, &s.test, &s.larger}) d->x.reshape({d->size(), 784});
  return s;
}

int main(int argc, char** argv) try {
  ChapterCli cli("06-dropout", "Overfitting, dropout, L2, early stopping and initialisation",
                 {.epochs = 100, .lr = 0.05f});
  RegularisationOptions r;
  cli.app().add_option("--train-size", r.train_size, "training images (default 1000)");
  cli.app().add_option("--dropout", r.dropout, "dropout rate p of the hidden layers (0.5)");
  cli.app().add_option("--weight-decay", r.weight_decay, "L2 lambda (0.005)");
  cli.app().add_option("--patience", r.patience, "early-stopping patience in epochs (10)");
  if (auto code = cli.parse(argc, argv)) return *code;
  ChapterOptions o = cli.options();
  if (o.quick) o.epochs = std::min(o.epochs, 6);
  Stopwatch clock;
  Summary summary("06-dropout", "MNIST");

  const Split data = load_split(o, r.train_size);
  fmt::print(
      "MNIST: {} training, {} validation (held out of the training file), {} test images\n\n",
      data.train.size(), data.validation.size(), data.test.size());

  // 1. Four ways to train the same network on the same 1,000 images.
  const std::vector<Method> methods = {
      {"baseline", "baseline"},
      {fmt::format("dropout {}", r.dropout), "dropout", r.dropout},
      {fmt::format("L2 {}", r.weight_decay), "l2", 0, r.weight_decay},
      {fmt::format("early stopping ({})", r.patience), "early_stopping", 0, 0, r.patience},
  };
  std::vector<Outcome> runs;
  for (const Method& m : methods) {
    runs.push_back(train_with(m, data, o));
    runs.back().history.save_csv(o.out + "/history_" + m.key + ".csv");
  }
  const Outcome& base = runs[0];
  plot_against_baseline(o.out + "/overfitting.png", "An MLP on 1,000 MNIST images overfits", base);
  plot_against_baseline(o.out + "/dropout.png", "Dropout against the baseline", base, &runs[1]);
  plot_against_baseline(o.out + "/weight_decay.png", "L2 weight decay against the baseline", base,
                        &runs[2]);
  plot_against_baseline(o.out + "/early_stopping.png", "Early stopping against the baseline", base,
                        &runs[3]);

  std::vector<std::string> names;
  Bars train_acc{"training", {}}, val_acc{"validation", {}}, test_acc{"test", {}};
  const Outcome* best = &runs[1];
  fmt::print("\n{:<22}{:>10}{:>12}{:>8}{:>10}\n", "method", "train acc", "valid. acc", "gap",
             "test acc");
  for (const Outcome& run : runs) {
    const double gap = run.train.accuracy - run.validation.accuracy;
    fmt::print("{:<22}{:>10.4f}{:>12.4f}{:>8.4f}{:>10.4f}\n", run.method.name, run.train.accuracy,
               run.validation.accuracy, gap, run.test.accuracy);
    names.push_back(run.method.name);
    train_acc.values.push_back(run.train.accuracy);
    val_acc.values.push_back(run.validation.accuracy);
    test_acc.values.push_back(run.test.accuracy);
    summary.set("test_accuracy_" + run.method.key, run.test.accuracy);
    summary.set("train_val_gap_" + run.method.key, gap);
    // The best regulariser is chosen on the validation set, never on the test set.
    if (&run != &base && run.validation.accuracy > best->validation.accuracy) best = &run;
  }
  plot_bars(o.out + "/accuracy.png", "Accuracy of the final models (1,000 training images)", "",
            "accuracy", names, {train_acc, val_acc, test_acc});
  summary.set("test_accuracy", best->test.accuracy);
  summary.set("best_method", best->method.key);
  summary.set("early_stopping_epoch", runs[3].best_epoch);
  fmt::print("best on validation: {}, test accuracy {:.4f}\n\n", best->method.name,
             best->test.accuracy);

  // 2. Initialisation: activations at the start, and whether training takes off.
  initialisation_experiments(data.larger, o, summary);

  summary.set("epochs", o.epochs);
  summary.finish(o.out, clock.seconds());
} catch (const std::exception& e) {
  return report_error(e);
}
