#pragma once
// The flags every chapter program shares (--data, --epochs, --lr, --seed,
// --threads, --out, --quick, and --checkpoint-every and --resume in the
// chapters that train with nn::fit), parsed by CLI11. A chapter's main() starts:
//
//   ChapterCli cli("07-cnn-mnist", "A ConvNet on MNIST", {.epochs = 5, .lr = 0.01f});
//   cli.app().add_option("--batch", batch, "mini-batch size");  // its own flags
//   if (auto code = cli.parse(argc, argv)) return *code;        // --help, bad flags
//   const ChapterOptions& o = cli.options();
#include <CLI/CLI.hpp>
#include <cstdint>
#include <iostream>
#include <optional>
#include <string>

namespace nn {

/// The shared flags. Empty `data` / `out` mean the defaults
/// "<repo>/datasets/cache" and "runs/<chapter>".
struct ChapterOptions {
  std::string data{};        // --data: folder holding the downloaded data sets
  int epochs = 1;            // --epochs
  float lr = 0.01f;          // --lr: learning rate
  std::uint64_t seed = 42;   // --seed: initialisation and shuffling
  int threads = 2;           // --threads: OpenMP threads of the kernels
  std::string out{};         // --out: folder for plots, CSV and summary.json
  bool quick = false;        // --quick: a tiny slice of the data, for smoke tests
  int checkpoint_every = 0;  // --checkpoint-every: optimiser steps between checkpoints
  std::string resume{};      // --resume: a checkpoint to continue from
};

class ChapterCli {
 public:
  /// `chapter` is the slug ("01-logistic-regression"); `defaults` are the
  /// chapter's own defaults, shown by --help.
  ChapterCli(const std::string& chapter, const std::string& description,
             ChapterOptions defaults = {});

  /// The CLI11 app, to add chapter-specific flags before parse().
  CLI::App& app() { return app_; }
  /// Adds --checkpoint-every N and --resume FILE, for a chapter that passes
  /// them on to nn::fit (FitOptions::checkpoint_every and resume).
  void add_checkpoint_flags();
  const ChapterOptions& options() const { return options_; }

  /// Parses the flags, creates the --out folder and sets the thread count.
  /// Returns nothing to go on, or the exit code main() should return: 0
  /// after --help, non-zero after a bad flag (the message goes to `err`).
  std::optional<int> parse(int argc, const char* const* argv, std::ostream& out = std::cout,
                           std::ostream& err = std::cerr);

 private:
  CLI::App app_;
  ChapterOptions options_;
};

/// Prints "error: <what>" to stderr and returns the exit code 1. Chapter
/// programs end with it, so a missing data set or a bad file gives one clear
/// line instead of an abort:
///   int main(int argc, char** argv) try { ... } catch (const std::exception& e) {
///     return nn::report_error(e);
///   }
int report_error(const std::exception& error);

}  // namespace nn
