#pragma once
// Wall-clock time since construction, for "epoch took 1.5 s" and the
// seconds recorded in History and summary.json.
#include <chrono>

namespace nn {

/// Starts when constructed; seconds() reads it, reset() restarts it.
class Stopwatch {
 public:
  /// Seconds elapsed since construction or the last reset().
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  void reset() { start_ = std::chrono::steady_clock::now(); }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace nn
