#pragma once
// Plots for the chapters, drawn by gnuplot and saved as PNG files (about
// 800x500). Each function writes a gnuplot script, runs gnuplot on it and
// returns once the PNG is complete; a gnuplot error becomes an nn::Error
// carrying gnuplot's own message. Needs the gnuplot program on the PATH
// (Debian/Ubuntu: the gnuplot-nox package); without it every function throws.
#include <functional>
#include <string>
#include <vector>

#include "nn/tensor.hpp"

namespace nn {

/// One line of a curve plot: y against x, named in the legend.
struct Series {
  std::string label;
  std::vector<double> x, y;
};

/// A readable loss curve from a noisy one: the mean of every `window`
/// consecutive values, plotted at the step where each window ends.
Series smoothed(const std::string& label, const std::vector<double>& values, int window);

/// One colour of a bar chart: one value per category, named in the legend.
struct Bars {
  std::string label;
  std::vector<double> values;
};

/// Lines with a legend, e.g. training loss per epoch for several learning
/// rates. `log_y` puts the y axis on a log scale (losses, gradient norms),
/// `log_x` the x axis (accuracy against labelled images, book chapter 10).
void plot_curves(const std::string& png_path, const std::string& title, const std::string& xlabel,
                 const std::string& ylabel, const std::vector<Series>& series, bool log_y = false,
                 bool log_x = false);

/// A classifier's view of the plane: shades [xmin,xmax] x [ymin,ymax] by
/// `score` (the probability of class 1, 0..1) on a 200x200 grid, draws the
/// 0.5 contour (the decision boundary), and overlays `points` [N, 2]
/// coloured by `labels` (0 or 1, one per point).
void plot_decision_boundary(const std::string& png_path, const std::string& title,
                            const std::function<float(float, float)>& score, const Tensor& points,
                            const std::vector<int>& labels, double xmin, double xmax, double ymin,
                            double ymax);

/// Each filter of a convolution's weight [K, C, kh, kw] rescaled to [0, 1]
/// on its own (all its channels together, so that a colour filter's hue
/// shows), for plot_image_grid: the learned patterns of chapters 07, 08, 10.
Tensor filters_as_images(const Tensor& weight);

/// Images [N, 1, H, W] (grey) or [N, 3, H, W] (RGB), values in [0, 1]
/// (clamped), laid out `columns` to a row; `captions`, if given, holds one
/// line of text per image (e.g. "pred 3 / true 5").
void plot_image_grid(const std::string& png_path, const std::string& title, const Tensor& images,
                     int columns, const std::vector<std::string>& captions = {});

/// Grouped bars: for each category (x axis) one bar per entry of `groups`,
/// e.g. the gradient norm of each layer for two networks.
void plot_bars(const std::string& png_path, const std::string& title, const std::string& xlabel,
               const std::string& ylabel, const std::vector<std::string>& categories,
               const std::vector<Bars>& groups, bool log_y = false);

/// A confusion matrix: `counts[t][p]` is the number of samples of true class
/// t predicted as p. Cells are shaded by the fraction of their row (so each
/// class's recall is on the diagonal) and print their count.
void plot_confusion_matrix(const std::string& png_path, const std::string& title,
                           const std::vector<std::vector<int>>& counts,
                           const std::vector<std::string>& class_names);

/// Paths through the plane over the contour lines of a function of two
/// variables, e.g. the iterates of several optimisers on a loss surface
/// (book chapter 05). Draws the contours of `f` at the heights `levels`
/// over [xmin,xmax] x [ymin,ymax] (f sampled on a 200x200 grid), then each
/// path (x[k], y[k]) as a line through its points, named in the legend. With
/// `equal_axes` one unit is as long on both axes, so the contours keep their
/// true shape and a gradient is drawn perpendicular to them. Where paths
/// overlap, the first lies on top. A path of a single point is drawn as a
/// black cross (the minimum, say).
void plot_contour_paths(const std::string& png_path, const std::string& title,
                        const std::function<double(double, double)>& f,
                        const std::vector<double>& levels, const std::vector<Series>& paths,
                        double xmin, double xmax, double ymin, double ymax, bool equal_axes = true);

/// counts[t][p] from true and predicted labels (classes 0..classes-1).
std::vector<std::vector<int>> confusion_matrix(const std::vector<int>& truth,
                                               const std::vector<int>& predicted, int classes);

}  // namespace nn
