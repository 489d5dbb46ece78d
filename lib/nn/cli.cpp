#include "nn/cli.hpp"

#include <filesystem>
#include <limits>

#include "nn/allocator.hpp"
#include "nn/gemm.hpp"

namespace nn {
namespace {

// CLI11's PositiveNumber prints its range as 300-digit numbers; this says it plainly.
const CLI::Validator positive(
    [](std::string& text) -> std::string {
      try {
        if (std::stod(text) > 0) return "";
      } catch (const std::exception&) {
        return "";  // not a number: the conversion that follows reports it
      }
      return "must be greater than 0, got " + text;
    },
    "POSITIVE");

}  // namespace

ChapterCli::ChapterCli(const std::string& chapter, const std::string& description,
                       ChapterOptions defaults)
    : app_(chapter + ": " + description, chapter), options_(std::move(defaults)) {
  if (options_.data.empty()) options_.data = NN_SOURCE_DIR "/datasets/cache";
  if (options_.out.empty()) options_.out = "runs/" + chapter;
  app_.option_defaults()->always_capture_default();  // --help shows every default
  app_.add_option("--data", options_.data, "folder holding the data sets (datasets/fetch NAME)");
  app_.add_option("--epochs", options_.epochs, "passes over the training data")->check(positive);
  app_.add_option("--lr", options_.lr, "learning rate")->check(positive);
  app_.add_option("--seed", options_.seed, "random seed (initialisation, shuffling)");
  app_.add_option("--threads", options_.threads, "CPU threads")->check(positive);
  app_.add_option("--out", options_.out, "folder for plots, history CSV and summary.json");
  app_.add_flag("--quick", options_.quick, "run on a tiny slice of the data (seconds)");
}

void ChapterCli::add_checkpoint_flags() {
  app_.add_option("--checkpoint-every", options_.checkpoint_every,
                  "save a checkpoint every N optimiser steps and after every epoch (0: never)")
      ->check(CLI::Range(0, std::numeric_limits<int>::max()));
  app_.add_option("--resume", options_.resume, "continue the run saved in this checkpoint")
      ->check(CLI::ExistingFile);
}

std::optional<int> ChapterCli::parse(int argc, const char* const* argv, std::ostream& out,
                                     std::ostream& err) {
  try {
    app_.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app_.exit(e, out, err);  // --help: usage on `out`, 0; else the error on `err`, non-zero
  }
  std::error_code ec;
  std::filesystem::create_directories(options_.out, ec);
  if (ec || !std::filesystem::is_directory(options_.out)) {
    err << "error: cannot create the output folder '" << options_.out
        << "' (--out): " << (ec ? ec.message() : "a file of that name is in the way") << "\n";
    return 1;
  }
  set_threads(options_.threads);
  keep_freed_memory();  // nn/allocator.hpp: reuse a batch's memory for the next
  return std::nullopt;
}

int report_error(const std::exception& error) {
  std::cerr << "error: " << error.what() << "\n";
  return 1;
}

}  // namespace nn
