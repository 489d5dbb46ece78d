#pragma once
// Optimisers on functions of two variables (book chapter 05, "a ravine"):
// the library's optimisers, unchanged, move one parameter w = (x, y) whose
// gradient comes from a formula instead of a backward pass. Each path of
// iterates is what the chapter's contour plots draw.
#include <array>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "nn/optim.hpp"
#include "nn/plot.hpp"

/// A function of two variables to minimise, its gradient, where descent
/// starts, and where the minimum is.
struct Surface {
  std::function<double(double, double)> f;
  std::function<std::array<double, 2>(double, double)> gradient;
  std::array<double, 2> start;
  std::array<double, 2> minimum;  // f is 0 there for both surfaces below
};

/// The ravine f = (x^2 + 25 y^2) / 2: curvature 1 along x, 25 along y.
Surface ravine();
/// Rosenbrock's banana f = (1 - x)^2 + 100 (y - x^2)^2, minimum 0 at (1, 1).
Surface rosenbrock();

/// Makes an optimiser for a list of parameters: the recipe of one line of a plot.
using MakeOptimizer = std::function<std::unique_ptr<nn::Optimizer>(std::vector<nn::Parameter>)>;

struct Descent {
  nn::Series path;              // w_0, w_1, ..., w_steps, labelled
  std::vector<double> f;        // f(w_0), f(w_1), ..., f(w_steps)
  int steps_to_tolerance = -1;  // the k from which on f(w_k) < tolerance; -1: never
};

/// `steps` steps of the optimiser `make` builds, from surface.start.
Descent descend(const Surface& surface, const std::string& label, const MakeOptimizer& make,
                int steps, double tolerance);

/// Every `stride`-th of the first `count` points of a path: what a plot can show.
nn::Series first_points(const nn::Series& path, int count, int stride = 1);

/// f(w_k) against k, every `stride`-th step, until f stays below `floor`
/// (values below it are drawn at it).
nn::Series convergence(const Descent& d, double floor, int stride = 1);
