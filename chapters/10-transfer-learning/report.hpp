#pragma once
// Chapter 10's results: every method's test accuracy at every training-set
// size and seed, as a table, a plot and summary.json entries.
#include <map>
#include <string>
#include <vector>

#include "nn/summary.hpp"
#include "nn/tensor.hpp"

namespace ch10 {

/// A method of the comparison: its key (summary.json) and its label.
struct Method {
  std::string key, label;
};
const std::vector<Method>& methods();

/// accuracy[method key][labelled images] = one test accuracy per seed.
using Results = std::map<std::string, std::map<int, std::vector<double>>>;

double mean(const std::vector<double>& v);

/// The Markdown table: one row per method, one column per size, the mean
/// over seeds and, with several seeds, the lowest and highest.
std::string results_table(const Results& r, const std::vector<int>& sizes);
/// Test accuracy against labelled images (log x axis), one line per method.
void plot_accuracy(const Results& r, const std::vector<int>& sizes, const std::string& path);
/// First-layer filters of two nets side by side: pretrained (top rows) and
/// trained from scratch (bottom rows).
void plot_first_filters(const nn::Tensor& pretrained, const nn::Tensor& scratch, int scratch_size,
                        const std::string& path);
/// "<key>_<size>" (the mean) and "<key>_<size>_runs" (every seed) for every number.
void add_results(nn::Summary& s, const Results& r);

}  // namespace ch10
