#pragma once
// Internal to the plot functions (plot.cpp, plot_matrix.cpp): one gnuplot
// figure written to a PNG. Not part of the library's public interface.
#include <gnuplot-iostream.h>

#include <filesystem>
#include <memory>
#include <string>

namespace nn::plot_detail {

/// A string literal for a gnuplot script: single quotes, '' stands for '.
std::string quote(const std::string& s);

// One PNG: the commands go through gnuplot-iostream into a script file (not a
// pipe) so that render() can run gnuplot, wait for it, and read its exit
// status and messages: a failed plot throws instead of leaving an empty PNG.
class Figure {
 public:
  Figure(const std::string& png_path, const std::string& title, int width = 800, int height = 500);
  ~Figure();
  Gnuplot& gp() { return *gp_; }
  /// Runs gnuplot on the script; throws Error with gnuplot's messages on failure.
  void render();

 private:
  std::string png_;
  std::filesystem::path script_;
  std::unique_ptr<Gnuplot> gp_;
  bool keep_script_ = false;
};

}  // namespace nn::plot_detail
