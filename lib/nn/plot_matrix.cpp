#include <sstream>

#include "nn/errors.hpp"
#include "nn/plot.hpp"
#include "nn/plot_figure.hpp"

namespace nn {

using plot_detail::Figure;
using plot_detail::quote;

std::vector<std::vector<int>> confusion_matrix(const std::vector<int>& truth,
                                               const std::vector<int>& predicted, int classes) {
  if (truth.size() != predicted.size())
    throw Error("confusion_matrix: " + std::to_string(truth.size()) + " labels but " +
                std::to_string(predicted.size()) + " predictions");
  std::vector<std::vector<int>> counts(classes, std::vector<int>(classes, 0));
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] < 0 || truth[i] >= classes || predicted[i] < 0 || predicted[i] >= classes)
      throw Error("confusion_matrix: class out of range at sample " + std::to_string(i));
    ++counts[truth[i]][predicted[i]];
  }
  return counts;
}

void plot_confusion_matrix(const std::string& png_path, const std::string& title,
                           const std::vector<std::vector<int>>& counts,
                           const std::vector<std::string>& class_names) {
  const int n = static_cast<int>(counts.size());
  if (n == 0 || static_cast<int>(class_names.size()) != n)
    throw Error("plot_confusion_matrix(" + png_path + "): " + std::to_string(n) + " rows but " +
                std::to_string(class_names.size()) + " class names");
  Figure fig(png_path, title, 760, 700);
  Gnuplot& gp = fig.gp();
  // One row per cell: x = predicted, y = true, fraction of the row, count.
  std::ostringstream cells;
  for (int t = 0; t < n; ++t) {
    int row_total = 0;
    for (int c : counts[t]) row_total += c;
    for (int p = 0; p < n; ++p)
      cells << p << ' ' << t << ' ' << (row_total ? double(counts[t][p]) / row_total : 0.0) << ' '
            << counts[t][p] << '\n';
  }
  gp << "$cells << EOD\n" << cells.str() << "EOD\n";
  std::string tics = "(";
  for (int k = 0; k < n; ++k)
    tics += (k ? ", " : "") + quote(class_names[k]) + " " + std::to_string(k);
  tics += ")";
  gp << "set xtics " << tics << " rotate by 45 right\nset ytics " << tics << "\n"
     << "set xrange [-0.5:" << n - 0.5 << "]\nset yrange [" << n - 0.5 << ":-0.5]\n"
     << "set xlabel 'predicted'\nset ylabel 'true'\nset size ratio -1\nunset key\n"
     << "set palette defined (0 'white', 1 '#2166ac')\nset cbrange [0:1]\n"
     << "set cblabel 'fraction of the true class'\n"
     // Counts in black on light cells, white on dark ones.
     << "plot $cells using 1:2:3 with image, "
     << "$cells using 1:2:(stringcolumn(4) eq '0' ? '' : stringcolumn(4)):($3 > 0.5 ? 0xffffff : "
        "0) "
     << "with labels tc rgb variable font ',9'\n";
  fig.render();
}

}  // namespace nn
