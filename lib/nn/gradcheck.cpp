#include "nn/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>

#include "nn/random.hpp"

namespace nn {

bool GradCheckReport::passed() const {
  return std::all_of(results.begin(), results.end(),
                     [](const GradCheckResult& r) { return r.failed == 0; });
}

std::string GradCheckReport::to_string() const {
  std::ostringstream s;
  s << subject << (passed() ? ": gradients OK\n" : ": GRADIENT MISMATCH\n");
  for (const auto& r : results)
    s << "  " << r.tensor << ": " << r.failed << "/" << r.checked
      << " elements fail, max abs error " << r.max_abs_error << ", max rel error "
      << r.max_rel_error << " (worst: element " << r.worst_index << ", analytic "
      << r.worst_analytic << ", numeric " << r.worst_numeric << ")\n";
  return s.str();
}

// Compares `analytic` with central differences of `objective` obtained by
// nudging each (sampled) element of `wrt`.
static GradCheckResult compare(const std::string& name, Tensor& wrt, const Tensor& analytic,
                               const std::function<double()>& objective, const GradCheckOptions& o,
                               Rng& rng) {
  std::vector<int> elements(wrt.size());
  for (std::size_t i = 0; i < wrt.size(); ++i) elements[i] = static_cast<int>(i);
  if (static_cast<int>(elements.size()) > o.max_checks_per_tensor) {
    auto perm = rng.permutation(static_cast<int>(wrt.size()));
    elements.assign(perm.begin(), perm.begin() + o.max_checks_per_tensor);
  }
  GradCheckResult r{name};
  //! [central-difference]
  for (int i : elements) {
    const float saved = wrt[i];
    wrt[i] = saved + o.step;
    const double plus = objective();
    wrt[i] = saved - o.step;
    const double minus = objective();
    wrt[i] = saved;
    // Divide by the step actually taken: saved +- step is rounded to float.
    const double h2 = static_cast<double>(saved + o.step) - static_cast<double>(saved - o.step);
    const double numeric = (plus - minus) / h2;
    const double a = analytic[i];
    const double abs_error = std::fabs(a - numeric);
    const double rel_error = abs_error / std::max({std::fabs(a), std::fabs(numeric), 1e-6});
    ++r.checked;
    if (abs_error > o.abs_tolerance + o.rel_tolerance * std::fabs(numeric)) ++r.failed;
    if (abs_error > r.max_abs_error) {
      r.max_abs_error = abs_error;
      r.worst_index = i;
      r.worst_analytic = a;
      r.worst_numeric = numeric;
    }
    r.max_rel_error = std::max(r.max_rel_error, rel_error);
  }
  //! [central-difference]
  return r;
}

GradCheckReport gradcheck(Layer& layer, const Tensor& x_in, const GradCheckOptions& o) {
  Rng rng(o.seed);
  Tensor x = x_in;
  Tensor upstream(layer.output_shape(x.shape()));
  init_uniform(upstream, -1.0f, 1.0f, rng);

  // Analytic gradients: one backward pass with the random upstream gradient.
  layer.zero_grad();
  layer.forward(x);
  const Tensor dx = layer.backward(upstream);
  std::vector<Tensor> param_grads;
  for (auto& p : layer.parameters()) param_grads.push_back(*p.grad);

  auto objective = [&]() {
    const Tensor y = layer.forward(x);
    double sum = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) sum += static_cast<double>(upstream[i]) * y[i];
    return sum;
  };
  GradCheckReport report{layer.name(), {}};
  report.results.push_back(compare("input", x, dx, objective, o, rng));
  auto params = layer.parameters();
  for (std::size_t k = 0; k < params.size(); ++k)
    report.results.push_back(
        compare(params[k].name, *params[k].value, param_grads[k], objective, o, rng));
  return report;
}

GradCheckReport gradcheck(Loss& loss, const Tensor& prediction, const Tensor& target,
                          const GradCheckOptions& o) {
  Rng rng(o.seed);
  Tensor p = prediction;
  loss.forward(p, target);
  const Tensor dp = loss.backward();
  auto objective = [&]() { return static_cast<double>(loss.forward(p, target)); };
  GradCheckReport report{loss.name(), {}};
  report.results.push_back(compare("prediction", p, dp, objective, o, rng));
  return report;
}

}  // namespace nn
