// Chapter 07: the ConvNet of the course, built with Sequential exactly as the
// Keras code reads, trained on MNIST and on Fashion-MNIST. What it learned:
// first-layer filters, feature maps, a confusion matrix, its worst mistakes.
// Book page: book/07-cnn-mnist.md.
#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "nn/cli.hpp"
#include "nn/data/mnist.hpp"
#include "nn/errors.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/softmax.hpp"
#include "nn/models/mnist.hpp"
#include "nn/optim.hpp"
#include "nn/plot.hpp"
#include "nn/schedule.hpp"
#include "nn/stopwatch.hpp"
#include "nn/summary.hpp"
#include "nn/train.hpp"

using namespace nn;

// The activations of the first Conv2D + ReLU for one image, as a grid of maps.
static Tensor feature_maps(Sequential& model, const Tensor& image) {
  model.set_training(false);
  const Tensor maps = model.layer(1).forward(model.layer(0).forward(image));  // [1, 32, 26, 26]
  Tensor grid({maps.dim(1), 1, maps.dim(2), maps.dim(3)}, maps.values());
  float hi = *std::max_element(grid.values().begin(), grid.values().end());
  for (float& v : grid.values()) v /= std::max(hi, 1e-12f);
  return grid;
}

// The test images the model got wrong with the highest confidence.
static void plot_confident_mistakes(const Tensor& probabilities, const Dataset& test,
                                    const std::string& path, const std::string& title) {
  const std::vector<int> predicted = argmax_rows(probabilities);
  std::vector<int> wrong;
  for (int i = 0; i < test.size(); ++i)
    if (predicted[i] != static_cast<int>(test.y[i])) wrong.push_back(i);
  std::sort(wrong.begin(), wrong.end(), [&](int a, int b) {
    return probabilities.at(a, predicted[a]) > probabilities.at(b, predicted[b]);
  });
  wrong.resize(std::min<std::size_t>(wrong.size(), 12));
  if (wrong.empty()) return;
  std::vector<std::string> captions;
  for (int i : wrong)
    captions.push_back(fmt::format("{} {:.2f} ({})", test.class_names[predicted[i]],
                                   probabilities.at(i, predicted[i]),
                                   test.class_names[static_cast<int>(test.y[i])]));
  plot_image_grid(path, title, gather_rows(test.x, wrong), 4, captions);  // room for the names
}

struct Result {
  double test_accuracy;
  double seconds;
};

// The last twelfth of the training file (5,000 images) is the validation set:
// the per-epoch curves are measured on them, and the test set is used once,
// at the end, for the number the chapter reports.
static Result train_and_inspect(const std::string& name, const Dataset& train_file,
                                const Dataset& test, const ChapterOptions& o, int epochs,
                                float decay, const Augmentation& augment) {
  const std::string prefix = o.out + "/" + name;
  const int held_out = train_file.size() / 12;
  const Dataset train = train_file.slice(0, train_file.size() - held_out);
  const Dataset validation = train_file.slice(train_file.size() - held_out, train_file.size());
  Rng rng(o.seed);
  Sequential model = mnist_convnet(rng);  // lib/nn/models/mnist.cpp
  fmt::print("\n{}: {} training, {} validation and {} test images\n{}", name, train.size(),
             validation.size(), test.size(), model.summary({1, 1, 28, 28}));
  //! [train]
  SoftmaxCrossEntropy loss;
  Adam adam(model.parameters(), o.lr);
  // Big steps while the loss falls fast, then smaller ones to settle:
  // lr = lr0 decay^epoch (ExponentialDecay stepped once per epoch).
  ExponentialDecay schedule(adam, decay);
  FitOptions options{.epochs = epochs,
                     .batch_size = 64,
                     .seed = o.seed,
                     .validation = &validation,
                     .augment = augment,
                     .on_epoch_end = [&](int epoch, const History&) { schedule.on_step(epoch); }};
  if (o.checkpoint_every > 0 || !o.resume.empty()) {  // --checkpoint-every N, --resume FILE
    options.checkpoint = prefix + "_checkpoint.safetensors";
    options.checkpoint_every = o.checkpoint_every;
    options.resume = o.resume;
  }
  Stopwatch clock;
  const History h = fit(model, train, loss, adam, options);
  //! [train]
  const double seconds = clock.seconds();
  h.save_csv(prefix + "_history.csv");
  model.save(prefix + "_convnet.safetensors");
  const double acc = evaluate(model, test, loss).accuracy;
  fmt::print("{}: test accuracy {:.4f} after {} epochs ({:.0f} s of training)\n", name, acc, epochs,
             seconds);

  plot_curves(prefix + "_accuracy.png", name + ": accuracy per epoch", "epoch", "accuracy",
              {{"train", h.column("epoch"), h.column("train_accuracy")},
               {"validation", h.column("epoch"), h.column("val_accuracy")}});
  const Tensor& filters = static_cast<Conv2D&>(model.layer(0)).weight();
  plot_image_grid(prefix + "_filters.png", name + ": the 32 learned 3x3 filters of the first layer",
                  filters_as_images(filters), 8);
  plot_image_grid(prefix + "_feature_maps.png",
                  name + ": first-layer feature maps (after ReLU) of test image 0",
                  feature_maps(model, slice_rows(test.x, 0, 1)), 8);
  const Tensor probabilities = softmax(model.predict(test.x));
  std::vector<int> truth(test.y.values().begin(), test.y.values().end());
  plot_confusion_matrix(prefix + "_confusion.png", name + ": confusion matrix on the test set",
                        confusion_matrix(truth, argmax_rows(probabilities), 10), test.class_names);
  plot_confident_mistakes(probabilities, test, prefix + "_mistakes.png",
                          name + ": the most confident mistakes: predicted p (true)");
  return {acc, seconds};
}

int main(int argc, char** argv) try {
  ChapterCli cli("07-cnn-mnist", "The course's ConvNet on MNIST and Fashion-MNIST",
                 {.epochs = 2, .lr = 1e-3f});
  std::string which = "both";
  int fashion_epochs = 3;
  float decay = 0.7f;
  int shift = 0;
  bool flip = false;
  bool full = false;
  cli.app()
      .add_option("--dataset", which, "mnist, fashion-mnist or both")
      ->check(CLI::IsMember({"mnist", "fashion-mnist", "both"}));
  cli.app().add_option("--fashion-epochs", fashion_epochs, "epochs on Fashion-MNIST");
  cli.app().add_option("--decay", decay, "learning rate multiplied by this after each epoch");
  // Augmentation (chapter 08 explains it): a digit moved by a pixel or two is
  // the same digit; a garment mirrored left to right is the same garment (a
  // mirrored digit is not).
  cli.app().add_option("--shift", shift, "MNIST: random shifts of up to this many pixels");
  cli.app().add_flag("--flip", flip, "Fashion-MNIST: random left-right flips");
  cli.app().add_flag("--full", full,
                     "the book's run: 10 epochs on MNIST with shifts of up to 2 pixels, 12 on "
                     "Fashion-MNIST with flips, lr decay 0.8 per epoch");
  cli.add_checkpoint_flags();
  if (auto code = cli.parse(argc, argv)) return *code;
  ChapterOptions o = cli.options();
  if (full) {
    o.epochs = 10;
    fashion_epochs = 12;
    decay = 0.8f;
    shift = 2;
    flip = true;
  }
  if (!o.resume.empty() && which == "both")
    throw Error(
        "--resume continues one model's run: add --dataset mnist or --dataset fashion-mnist");
  const int limit = o.quick ? 2000 : 0;
  Stopwatch clock;
  Summary summary("07-cnn-mnist", which == "both" ? "MNIST and Fashion-MNIST" : which);

  if (which != "fashion-mnist") {
    const Result r = train_and_inspect("mnist", load_mnist(o.data + "/mnist", true, limit),
                                       load_mnist(o.data + "/mnist", false, limit / 4), o, o.epochs,
                                       decay, {.pad = shift});
    summary.set("test_accuracy", r.test_accuracy);
    summary.set("mnist_train_seconds", r.seconds);
  }
  if (which != "mnist") {
    const int epochs = o.quick ? o.epochs : fashion_epochs;
    const Result r = train_and_inspect(
        "fashion-mnist", load_fashion_mnist(o.data + "/fashion-mnist", true, limit),
        load_fashion_mnist(o.data + "/fashion-mnist", false, limit / 4), o, epochs, decay,
        {.flip = flip});
    summary.set(which == "fashion-mnist" ? "test_accuracy" : "fashion_test_accuracy",
                r.test_accuracy);
    summary.set("fashion_train_seconds", r.seconds);
    summary.set("fashion_epochs", epochs);
  }
  summary.set("epochs", o.epochs);
  summary.set("lr_decay_per_epoch", decay);
  summary.finish(o.out, clock.seconds(),
                 "plots, histories, weights (safetensors) and summary.json");
} catch (const std::exception& e) {
  return report_error(e);
}
