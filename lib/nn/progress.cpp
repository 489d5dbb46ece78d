#include "nn/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace nn {
namespace {

// "1.5s" under a minute, "2m05s" above: ETAs of long epochs stay readable.
std::string duration(double s) {
  if (s < 60) return fmt::format("{:.1f}s", s);
  const long t = static_cast<long>(s + 0.5);
  return fmt::format("{}m{:02}s", t / 60, t % 60);
}

}  // namespace

ProgressBar::ProgressBar(std::string label, std::int64_t total, bool quiet)
    : ProgressBar(std::move(label), total, std::cerr, ::isatty(fileno(stderr)) != 0) {
  if (quiet) out_ = nullptr;
}

ProgressBar::ProgressBar(std::string label, std::int64_t total, std::ostream& out, bool interactive)
    : label_(std::move(label)),
      total_(std::max<std::int64_t>(total, 0)),
      out_(&out),
      interactive_(interactive) {}

ProgressBar::~ProgressBar() {
  if (out_ && interactive_ && !finished_ && last_width_ > 0) *out_ << '\n' << std::flush;
}

std::string ProgressBar::line(std::int64_t done, const Metrics& metrics, bool final) const {
  const double seconds = clock_.seconds();
  std::string s = label_;
  if (!final) {
    const int width = 20;
    const int filled = total_ > 0 ? static_cast<int>(width * std::min(done, total_) / total_) : 0;
    s += " [" + std::string(filled, '=') + (filled < width ? ">" : "") +
         std::string(std::max(0, width - filled - 1), ' ') + "]";
  }
  s += fmt::format("  {}/{}", done, total_);
  for (const auto& [name, value] : metrics) s += fmt::format("  {} {:.4g}", name, value);
  if (seconds > 0 && done > 0) s += fmt::format("  {:.0f} samples/s", done / seconds);
  if (final)
    s += "  " + duration(seconds);
  else if (done > 0 && done < total_)
    s += "  ETA " + duration(seconds * static_cast<double>(total_ - done) / done);
  return s;
}

void ProgressBar::draw(const std::string& text, bool end_line) {
  // '\r' returns to the start of the line; spaces erase what a longer
  // previous line left behind (portable, unlike terminal escape codes).
  *out_ << '\r' << text
        << std::string(last_width_ > text.size() ? last_width_ - text.size() : 0, ' ');
  if (end_line) *out_ << '\n';
  *out_ << std::flush;
  last_width_ = text.size();
}

void ProgressBar::update(std::int64_t done, const Metrics& metrics) {
  done_ = done;
  if (!out_ || !interactive_ || finished_) return;
  const double now = clock_.seconds();
  if (last_draw_ >= 0 && now - last_draw_ < 0.1) return;  // at most 10 redraws a second
  last_draw_ = now;
  draw(line(done, metrics, false), false);
}

void ProgressBar::finish(const Metrics& metrics) {
  if (finished_) return;
  finished_ = true;
  if (!out_) return;
  const std::string text = line(done_, metrics, true);
  if (interactive_)
    draw(text, true);
  else
    *out_ << text << '\n' << std::flush;
}

}  // namespace nn
