#include "report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "nn/plot.hpp"

using namespace nn;

namespace ch10 {

const std::vector<Method>& methods() {
  static const std::vector<Method> all = {
      {"scratch_course", "(a) from scratch: the course's ConvNet"},
      {"scratch_deeper", "(a) from scratch: the deeper net"},
      {"trick_logistic", "(b) frozen features (top) + logistic regression"},
      {"trick_svm", "(b) frozen features (top) + linear SVM"},
      {"trick_logistic_middle", "(b) frozen features (middle) + logistic regression"},
      {"trick_svm_middle", "(b) frozen features (middle) + linear SVM"},
      {"fine_tune_all", "(c) fine-tune everything"},
      {"fine_tune_top", "(d) fine-tune the top block"},
  };
  return all;
}

double mean(const std::vector<double>& v) {
  return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / v.size();
}

std::string results_table(const Results& r, const std::vector<int>& sizes) {
  std::string t = "| method |", rule = "|---|";
  for (int n : sizes) t += fmt::format(" {} images |", n), rule += "---|";
  t += "\n" + rule + "\n";
  for (const Method& m : methods()) {
    if (!r.contains(m.key)) continue;
    t += "| " + m.label + " |";
    for (int n : sizes) {
      const std::vector<double>& runs = r.at(m.key).at(n);
      const auto [lo, hi] = std::minmax_element(runs.begin(), runs.end());
      t += runs.size() > 1
               ? fmt::format(" {:.1f}% ({:.1f}-{:.1f}) |", 100 * mean(runs), 100 * *lo, 100 * *hi)
               : fmt::format(" {:.1f}% |", 100 * mean(runs));
    }
    t += "\n";
  }
  return t;
}

void plot_accuracy(const Results& r, const std::vector<int>& sizes, const std::string& path) {
  std::vector<Series> lines;
  for (const Method& m : methods()) {
    if (!r.contains(m.key)) continue;
    Series s{m.label, {}, {}};
    for (int n : sizes) s.x.push_back(n), s.y.push_back(mean(r.at(m.key).at(n)));
    lines.push_back(s);
  }
  plot_curves(path, "cat vs dog: test accuracy against labelled training images",
              "labelled training images", "test accuracy (2,000 CIFAR-10 test cats and dogs)",
              lines, /*log_y=*/false, /*log_x=*/true);
}

void plot_first_filters(const Tensor& pretrained, const Tensor& scratch, int scratch_size,
                        const std::string& path) {
  Tensor both({pretrained.rows() + scratch.rows(), 3, 3, 3});
  const Tensor a = filters_as_images(pretrained), b = filters_as_images(scratch);
  std::copy(a.values().begin(), a.values().end(), both.row(0));
  std::copy(b.values().begin(), b.values().end(), both.row(pretrained.rows()));
  plot_image_grid(path,
                  fmt::format("first-layer 3x3 filters from one random start: pretrained (top), "
                              "trained on {} cats and dogs (bottom)",
                              scratch_size),
                  both, 8);
}

void add_results(Summary& s, const Results& r) {
  for (const auto& [key, by_size] : r)
    for (const auto& [n, runs] : by_size) {
      s.set(fmt::format("{}_{}", key, n), mean(runs));
      s.set(fmt::format("{}_{}_runs", key, n), runs);
    }
}

}  // namespace ch10
