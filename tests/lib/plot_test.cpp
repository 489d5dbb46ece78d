#include "nn/plot.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "nn/errors.hpp"

using namespace nn;
namespace fs = std::filesystem;

namespace {

// A fresh folder per test run, removed at exit unless NN_KEEP_PLOTS is set
// (to look at the PNGs).
struct PlotDir {
  fs::path path = fs::temp_directory_path() / ("nn-plot-test-" + std::to_string(::getpid()));
  PlotDir() { fs::create_directories(path); }
  ~PlotDir() {
    if (!std::getenv("NN_KEEP_PLOTS")) fs::remove_all(path);
  }
};

fs::path plot_dir() {
  static const PlotDir dir;
  return dir.path;
}

// True if `path` is a non-empty file starting with the 8-byte PNG signature.
bool is_png(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  in.read(head, 8);
  return in && std::string(head, 8) == std::string("\x89PNG\r\n\x1a\n", 8) &&
         fs::file_size(path) < 200 * 1024;
}

}  // namespace

TEST_CASE("plot_curves writes a PNG with lines and a legend", "[plot]") {
  Series a{"lr = 0.3", {}, {}}, b{"lr = 0.03 (train_loss)", {}, {}};
  for (int i = 1; i <= 100; ++i) {
    a.x.push_back(i), a.y.push_back(std::exp(-i / 10.0));
    b.x.push_back(i), b.y.push_back(std::exp(-i / 40.0));
  }
  const fs::path png = plot_dir() / "curves.png";
  plot_curves(png, "Training loss, two learning rates", "step", "loss", {a, b}, true);
  CHECK(is_png(png));
  CHECK_THROWS_WITH(plot_curves(png, "t", "x", "y", {{"bad", {1, 2}, {1}}}),
                    Catch::Contains("bad") && Catch::Contains("2 x values and 1 y values"));
}

TEST_CASE("plot_decision_boundary shades the plane and draws the points", "[plot]") {
  Tensor points({6, 2}, {-1, -1, -2, 0, -1, 1, 1, -1, 2, 0, 1, 1});
  const std::vector<int> labels = {0, 0, 0, 1, 1, 1};
  const fs::path png = plot_dir() / "boundary.png";
  plot_decision_boundary(
      png, "A linear boundary", [](float x, float y) { return 1 / (1 + std::exp(-3 * x - y)); },
      points, labels, -3, 3, -3, 3);
  CHECK(is_png(png));
  CHECK_THROWS_AS(plot_decision_boundary(
                      png, "t", [](float, float) { return 0.5f; }, points, {0, 1}, -1, 1, -1, 1),
                  ShapeError);
}

TEST_CASE("plot_image_grid draws grey and colour images with captions", "[plot]") {
  Tensor grey({6, 1, 8, 8});
  for (std::size_t i = 0; i < grey.size(); ++i) grey[i] = static_cast<float>(i % 64) / 63.0f;
  const fs::path png = plot_dir() / "grey.png";
  plot_image_grid(png, "Six gradients", grey, 3, {"a", "b", "c", "d", "e", "pred 3 / true 5"});
  CHECK(is_png(png));

  Tensor rgb({2, 3, 4, 4}, 0.0f);
  for (int k = 0; k < 16; ++k)
    rgb[k] = 1.0f, rgb[(1 * 3 + 1) * 16 + k] = 1.0f;  // image 0 red, image 1 green
  const fs::path png_rgb = plot_dir() / "rgb.png";
  plot_image_grid(png_rgb, "Red and green", rgb, 2);
  CHECK(is_png(png_rgb));
  CHECK_THROWS_AS(plot_image_grid(png, "t", Tensor({2, 2, 4, 4}), 2), ShapeError);
}

TEST_CASE("plot_bars draws grouped bars on a log scale", "[plot]") {
  const fs::path png = plot_dir() / "bars.png";
  plot_bars(png, "Gradient norm per layer", "layer", "|dL/dW|", {"1", "2", "3", "4"},
            {{"sigmoid", {1e-6, 1e-4, 1e-2, 1}}, {"relu", {0.5, 0.6, 0.7, 0.8}}}, true);
  CHECK(is_png(png));
}

TEST_CASE("a gnuplot error is an exception, not an empty PNG", "[plot]") {
  const fs::path png = plot_dir() / "x.png";
  // Nothing to draw: gnuplot stops with "all points y value undefined!".
  try {
    plot_curves(png, "t", "x", "y", {{"a", {1, 2}, {NAN, NAN}}});
    FAIL("no exception");
  } catch (const Error& e) {
    const std::string what = e.what();
    CHECK_THAT(what, Catch::Contains("gnuplot could not draw") && Catch::Contains("x.png"));
    // The message names the script, kept for debugging: clean it up.
    const std::string kept = "script kept in ";
    const auto at = what.find(kept);
    REQUIRE(at != std::string::npos);
    CHECK(fs::remove(what.substr(at + kept.size(), what.size() - at - kept.size() - 1)));
  }
  CHECK_FALSE(fs::exists(png));
}

TEST_CASE("confusion_matrix counts and plot_confusion_matrix draws it", "[plot]") {
  const auto counts = nn::confusion_matrix({0, 0, 1, 2, 2, 2}, {0, 1, 1, 2, 0, 2}, 3);
  CHECK(counts == std::vector<std::vector<int>>{{1, 1, 0}, {0, 1, 0}, {1, 0, 2}});
  CHECK_THROWS_AS(nn::confusion_matrix({0, 3}, {0, 0}, 3), nn::Error);
  const auto png = std::filesystem::temp_directory_path() / "nn-confusion-test.png";
  nn::plot_confusion_matrix(png.string(), "test", counts, {"a", "b", "c"});
  CHECK(std::filesystem::file_size(png) > 1000);
  std::filesystem::remove(png);
}

TEST_CASE("smoothed averages whole windows and drops the ragged end", "[plot]") {
  const Series s = smoothed("loss", {1, 3, 5, 7, 9, 11, 100}, 3);
  CHECK(s.label == "loss");
  CHECK(s.x == std::vector<double>{3, 6});
  CHECK(s.y == std::vector<double>{3, 9});
  CHECK_THROWS_AS(smoothed("loss", {1, 2}, 0), std::invalid_argument);
}
