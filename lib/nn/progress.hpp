#pragma once
// The progress bar of one training epoch, on stderr:
//   epoch 3/10 [=========>          ] 30000/60000  loss 0.0812  acc 0.9751  41200 samples/s  ETA
//   0.7s
// redrawn in place at most 10 times a second when stderr is a terminal; in
// logs and pipes (not a terminal) only the final line, so CI logs stay short.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "nn/stopwatch.hpp"

namespace nn {

/// (name, value) pairs shown after the bar, e.g. {{"loss", 0.08}, {"acc", 0.97}}.
using Metrics = std::vector<std::pair<std::string, double>>;

class ProgressBar {
 public:
  /// A bar on stderr for `total` samples; `quiet` silences it, final line included.
  ProgressBar(std::string label, std::int64_t total, bool quiet = false);
  /// A bar on any stream; `interactive` = redraw in place (tests use this).
  ProgressBar(std::string label, std::int64_t total, std::ostream& out, bool interactive);
  /// Ends an unfinished bar's line, so the next output starts on a new line.
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// `done` samples of `total` processed so far, with the running metrics.
  void update(std::int64_t done, const Metrics& metrics = {});
  /// Prints the epoch's final line: label, samples, metrics, samples/s, seconds.
  void finish(const Metrics& metrics = {});

 private:
  std::string line(std::int64_t done, const Metrics& metrics, bool final) const;
  void draw(const std::string& text, bool end_line);

  std::string label_;
  std::int64_t total_;
  std::int64_t done_ = 0;
  std::ostream* out_;  // null when quiet
  bool interactive_;
  bool finished_ = false;
  std::size_t last_width_ = 0;  // to blank out the rest of a longer previous line
  double last_draw_ = -1;
  Stopwatch clock_;
};

}  // namespace nn
