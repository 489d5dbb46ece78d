#pragma once
// summary.json: the few numbers a chapter run ends with (test accuracy,
// seconds, epochs, ...), written under its --out folder for tools and CI.
#include <nlohmann/json.hpp>
#include <string>

#include "nn/stopwatch.hpp"

namespace nn {

class Summary {
 public:
  Summary() = default;
  /// A summary that starts with the keys "chapter" and "dataset".
  Summary(const std::string& chapter, const std::string& dataset);

  /// Sets `key` to a number, bool or string (anything nlohmann::json takes);
  /// NaN and Inf become null, since JSON has no such numbers.
  template <class T>
  void set(const std::string& key, const T& value) {
    json_[key] = value;
  }
  const nlohmann::json& json() const { return json_; }

  /// Writes out_dir/summary.json (2-space indent), atomically; creates out_dir.
  void write(const std::string& out_dir) const;

  /// How every chapter program ends: sets "seconds", writes the summary and
  /// prints "<what> in <out_dir> (<seconds> s)".
  void finish(const std::string& out_dir, double seconds,
              const std::string& what = "plots and summary.json");

 private:
  nlohmann::json json_ = nlohmann::json::object();
};

/// Writes `text` to `path` through `path`.tmp and a rename: readers see the
/// old file or the new one, never half of one. Throws nn::Error on failure.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace nn
