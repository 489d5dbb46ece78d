#include "surfaces.hpp"

#include <algorithm>

using namespace nn;

Surface ravine() {
  return {[](double x, double y) { return 0.5 * (x * x + 25 * y * y); },
          [](double x, double y) {
            return std::array<double, 2>{x, 25 * y};
          },
          {-4.5, 1.5},
          {0.0, 0.0}};
}

Surface rosenbrock() {
  return {[](double x, double y) { return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x); },
          [](double x, double y) {
            return std::array<double, 2>{-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)};
          },
          {-1.2, 1.0},
          {1.0, 1.0}};
}

//! [descend]
Descent descend(const Surface& surface, const std::string& label, const MakeOptimizer& make,
                int steps, double tolerance) {
  Tensor w({2}, {static_cast<float>(surface.start[0]), static_cast<float>(surface.start[1])});
  Tensor grad({2});
  std::unique_ptr<Optimizer> optimizer = make({{"w", &w, &grad}});
  Descent d{{label, {}, {}}, {}, -1};
  for (int k = 0; k <= steps; ++k) {
    d.path.x.push_back(w[0]);
    d.path.y.push_back(w[1]);
    d.f.push_back(surface.f(w[0], w[1]));
    if (k == steps) break;
    const auto [gx, gy] = surface.gradient(w[0], w[1]);  // in place of a backward pass
    grad[0] = static_cast<float>(gx);
    grad[1] = static_cast<float>(gy);
    optimizer->step();
  }
  // Converged at step k if f stays below the tolerance from k on: an
  // optimiser that passes through the minimum and leaves again has not.
  for (int k = steps; k >= 0 && d.f[k] < tolerance; --k) d.steps_to_tolerance = k;
  return d;
}
//! [descend]

Series first_points(const Series& path, int count, int stride) {
  Series s{path.label, {}, {}};
  for (std::size_t k = 0; k < path.x.size() && s.x.size() < static_cast<std::size_t>(count);
       k += stride) {
    s.x.push_back(path.x[k]);
    s.y.push_back(path.y[k]);
  }
  return s;
}

Series convergence(const Descent& d, double floor, int stride) {
  // Up to the step from which f stays below the floor (all of it if it never does).
  std::size_t end = d.f.size();
  while (end > 1 && d.f[end - 2] < floor) --end;
  Series s{d.path.label, {}, {}};
  for (std::size_t k = 0; k < end; k += stride) {
    s.x.push_back(static_cast<double>(k));
    s.y.push_back(std::max(d.f[k], floor));
  }
  return s;
}
