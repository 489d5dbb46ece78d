#include "nn/plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iomanip>
#include <sstream>
#include <tuple>

#include "nn/errors.hpp"
#include "nn/plot_figure.hpp"

namespace nn {
namespace {

namespace fs = std::filesystem;
using plot_detail::Figure;
using plot_detail::quote;

// Labels and plain lines read better with a light grid and the legend
// below the plot, where it never hides a curve.
void axes(Gnuplot& gp, const std::string& xlabel, const std::string& ylabel, bool log_y) {
  gp << "set xlabel " << quote(xlabel) << "\nset ylabel " << quote(ylabel) << "\n"
     << "set grid lc rgb '#dddddd'\nset key below height 1\n";
  if (log_y) gp << "set logscale y\nset format y '%g'\n";
}

}  // namespace

Series smoothed(const std::string& label, const std::vector<double>& values, int window) {
  if (window < 1) throw std::invalid_argument(fmt::format("smoothed: window {} < 1", window));
  Series s{label, {}, {}};
  for (std::size_t i = 0; i + window <= values.size(); i += window) {
    double sum = 0;
    for (int k = 0; k < window; ++k) sum += values[i + k];
    s.x.push_back(static_cast<double>(i + window));
    s.y.push_back(sum / window);
  }
  return s;
}

void plot_curves(const std::string& png_path, const std::string& title, const std::string& xlabel,
                 const std::string& ylabel, const std::vector<Series>& series, bool log_y,
                 bool log_x) {
  if (series.empty()) throw Error("plot_curves(" + png_path + "): no series to draw");
  for (const Series& s : series)
    if (s.x.size() != s.y.size() || s.x.empty())
      throw Error("plot_curves(" + png_path + "): series '" + s.label + "' has " +
                  std::to_string(s.x.size()) + " x values and " + std::to_string(s.y.size()) +
                  " y values");
  Figure fig(png_path, title);
  Gnuplot& gp = fig.gp();
  axes(gp, xlabel, ylabel, log_y);
  if (log_x) gp << "set logscale x\nset format x '%g'\n";
  gp << "plot ";
  for (std::size_t i = 0; i < series.size(); ++i) {
    // Few points (e.g. one per layer): mark them; many points: a plain line.
    const char* style = series[i].x.size() <= 30 ? "linespoints pt 7 ps 0.8" : "lines";
    gp << (i ? ", " : "") << "'-' with " << style << " lw 2 title " << quote(series[i].label);
  }
  gp << "\n";
  for (const Series& s : series) gp.send1d(std::make_pair(s.x, s.y));
  fig.render();
}

void plot_decision_boundary(const std::string& png_path, const std::string& title,
                            const std::function<float(float, float)>& score, const Tensor& points,
                            const std::vector<int>& labels, double xmin, double xmax, double ymin,
                            double ymax) {
  if (points.rank() != 2 || points.dim(1) != 2)
    throw ShapeError("plot_decision_boundary: points must be [N, 2], got " +
                     to_string(points.shape()));
  if (labels.size() != static_cast<std::size_t>(points.rows()))
    throw ShapeError("plot_decision_boundary: " + std::to_string(points.rows()) + " points but " +
                     std::to_string(labels.size()) + " labels");
  // The score on a 200x200 grid, rows separated by blank lines (gnuplot's grid format).
  const int n = 200;
  std::ostringstream grid;
  float lo = 1, hi = 0;
  for (int j = 0; j < n; ++j) {
    const double y = ymin + (ymax - ymin) * j / (n - 1);
    for (int i = 0; i < n; ++i) {
      const double x = xmin + (xmax - xmin) * i / (n - 1);
      const float p = score(static_cast<float>(x), static_cast<float>(y));
      lo = std::min(lo, p), hi = std::max(hi, p);
      grid << x << ' ' << y << ' ' << p << '\n';
    }
    grid << '\n';
  }
  std::vector<std::pair<double, double>> cls[2];
  for (int k = 0; k < points.rows(); ++k)
    cls[labels[k] != 0].push_back({points.at(k, 0), points.at(k, 1)});

  Figure fig(png_path, title);
  Gnuplot& gp = fig.gp();
  gp << "$grid << EOD\n" << grid.str() << "EOD\n";
  // No boundary to draw unless p really crosses 0.5 (a model that outputs
  // 0.5 +- rounding everywhere has none, and gnuplot would warn about it).
  const bool crosses = lo < 0.499f && hi > 0.501f;
  if (crosses)  // gnuplot traces contours only in 3-D plots: trace into a table, draw it in 2-D
    gp << "set contour base\nset cntrparam levels discrete 0.5\nunset surface\n"
       << "set table $boundary\nsplot $grid using 1:2:3 with lines\nunset table\nunset contour\n";
  gp << "set xrange [" << xmin << ":" << xmax << "]\nset yrange [" << ymin << ":" << ymax << "]\n"
     << "set size ratio -1\nset key below height 1\nset xlabel 'x1'\nset ylabel 'x2'\n"
     << "set palette defined (0 '#f4a582', 0.5 '#f7f7f7', 1 '#92c5de')\n"
     << "set cbrange [0:1]\nset cblabel 'p(class 1)'\n"
     << "plot $grid using 1:2:3 with image notitle";
  if (crosses) gp << ", $boundary using 1:2 with lines lw 2 lc rgb 'black' title 'p = 0.5'";
  const char* colour[2] = {"#b2182b", "#2166ac"};
  const double size = points.rows() <= 50 ? 1.5 : 0.9;  // a few points: big enough to see
  for (int c = 0; c < 2; ++c)
    if (!cls[c].empty())
      gp << ", '-' with points pt 7 ps 0.9 lc rgb '" << colour[c] << "' title 'class " << c
         << "', '-' with points pt 6 ps " << size << " lc rgb 'black' notitle";
  gp << "\n";
  for (int c = 0; c < 2; ++c)
    if (!cls[c].empty()) gp.send1d(cls[c]), gp.send1d(cls[c]);  // fill, then outline
  fig.render();
}

void plot_image_grid(const std::string& png_path, const std::string& title, const Tensor& images,
                     int columns, const std::vector<std::string>& captions) {
  if (images.rank() != 4 || (images.dim(1) != 1 && images.dim(1) != 3) || images.rows() == 0)
    throw ShapeError("plot_image_grid: images must be [N, 1, H, W] or [N, 3, H, W], got " +
                     to_string(images.shape()));
  if (!captions.empty() && captions.size() != static_cast<std::size_t>(images.rows()))
    throw Error("plot_image_grid: " + std::to_string(images.rows()) + " images but " +
                std::to_string(captions.size()) + " captions");
  const int count = images.rows(), channels = images.dim(1), h = images.dim(2), w = images.dim(3);
  columns = std::clamp(columns, 1, count);
  const int rows = (count + columns - 1) / columns;
  // Layout in pixel units: each cell holds an image, a gap and a caption line.
  // Pixels are drawn at most 30 screen pixels wide (a 3x3 filter is 90 pixels,
  // large enough to read, and a few digits do not fill the page); the canvas
  // is cut to the grid, with 40 screen pixels on top for the title.
  const double gap = std::max(1.0, w / 8.0);
  const double scale = std::min(30.0, 780.0 / (columns * (w + gap)));
  const double caption = captions.empty() ? 0.0 : 18.0 / scale;  // one line of 9-pt text
  const double cell_w = w + gap, cell_h = h + gap + caption;
  const double grid_w = columns * cell_w * scale, grid_h = rows * cell_h * scale;  // screen pixels
  const int width = std::max(400, static_cast<int>(grid_w) + 20);
  const int height = static_cast<int>(grid_h) + 50;

  Figure fig(png_path, title, width, height);
  Gnuplot& gp = fig.gp();
  // Every image is one block of the data block (blocks are separated by two blank lines).
  gp << "$images << EOD\n";
  auto pixel = [&](int n, int c, int y, int x) {
    const float v = images[((static_cast<std::size_t>(n) * channels + c) * h + y) * w + x];
    return std::clamp(std::isfinite(v) ? v : 0.0f, 0.0f, 1.0f);
  };
  for (int n = 0; n < count; ++n) {
    const double ox = (n % columns) * cell_w, oy = (n / columns) * cell_h;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        gp << ox + x << ' ' << oy + y;
        for (int c = 0; c < channels; ++c) gp << ' ' << std::lround(255 * pixel(n, c, y, x));
        gp << '\n';
      }
      gp << '\n';
    }
    gp << "\n\n";
  }
  gp << "EOD\n";
  for (std::size_t n = 0; n < captions.size(); ++n)
    gp << "set label " << n + 1 << " " << quote(captions[n]) << " at "
       << (n % columns) * cell_w + (w - 1) / 2.0 << ","
       << (n / columns) * cell_h + h - 0.5 + caption / 2 << " center font ',9'\n";
  // Margins at exact screen positions make one image pixel `scale` screen pixels, centred.
  const double left = (width - grid_w) / 2 / width, top = 1 - 40.0 / height;
  gp << "unset border\nunset tics\nunset key\nunset colorbox\n"
     << "set lmargin at screen " << left << "\nset rmargin at screen " << 1 - left << "\n"
     << "set tmargin at screen " << top << "\nset bmargin at screen " << top - grid_h / height
     << "\n"
     << "set xrange [" << -0.5 - gap / 2 << ":" << columns * cell_w - 0.5 - gap / 2 << "]\n"
     << "set yrange [" << rows * cell_h - 0.5 - gap / 2 << ":" << -0.5 - gap / 2 << "]\n"
     << "set palette gray\nset cbrange [0:255]\n";
  if (channels == 1)
    gp << "plot for [i=0:" << count - 1 << "] $images index i using 1:2:3 with image\n";
  else
    gp << "plot for [i=0:" << count - 1 << "] $images index i using 1:2:3:4:5 with rgbimage\n";
  fig.render();
}

void plot_bars(const std::string& png_path, const std::string& title, const std::string& xlabel,
               const std::string& ylabel, const std::vector<std::string>& categories,
               const std::vector<Bars>& groups, bool log_y) {
  if (groups.empty() || categories.empty())
    throw Error("plot_bars(" + png_path + "): no bars to draw");
  for (const Bars& g : groups)
    if (g.values.size() != categories.size())
      throw Error("plot_bars(" + png_path + "): '" + g.label + "' has " +
                  std::to_string(g.values.size()) + " values for " +
                  std::to_string(categories.size()) + " categories");
  Figure fig(png_path, title);
  Gnuplot& gp = fig.gp();
  axes(gp, xlabel, ylabel, log_y);
  if (log_y) {  // bars grow from the bottom of the axis: put it a decade below the smallest bar
    double smallest = HUGE_VAL;
    for (const Bars& g : groups)
      for (double v : g.values)
        if (v > 0) smallest = std::min(smallest, v);
    if (smallest < HUGE_VAL)
      gp << "set yrange [" << std::pow(10.0, std::ceil(std::log10(smallest) - 1e-9) - 1) << ":*]\n";
  }
  gp << "set style data histograms\nset style histogram clustered gap 1\n"
     << "set style fill solid 0.85 border -1\nset grid noxtics\nplot ";
  for (std::size_t i = 0; i < groups.size(); ++i)
    gp << (i ? ", " : "") << "'-' using 2:xtic(1) title " << quote(groups[i].label);
  gp << "\n";
  for (const Bars& g : groups) {
    std::vector<std::pair<std::string, double>> rows;
    for (std::size_t k = 0; k < categories.size(); ++k) {
      std::string name = categories[k];
      std::replace(name.begin(), name.end(), '"', '\'');
      rows.push_back({"\"" + name + "\"", g.values[k]});  // quoted: names may hold spaces
    }
    gp.send1d(rows);
  }
  fig.render();
}

void plot_contour_paths(const std::string& png_path, const std::string& title,
                        const std::function<double(double, double)>& f,
                        const std::vector<double>& levels, const std::vector<Series>& paths,
                        double xmin, double xmax, double ymin, double ymax, bool equal_axes) {
  if (!(xmin < xmax && ymin < ymax))
    throw Error("plot_contour_paths(" + png_path + "): empty range");
  if (paths.empty()) throw Error("plot_contour_paths(" + png_path + "): no paths to draw");
  for (const Series& s : paths)
    if (s.x.size() != s.y.size() || s.x.empty())
      throw Error("plot_contour_paths(" + png_path + "): path '" + s.label + "' has " +
                  std::to_string(s.x.size()) + " x values and " + std::to_string(s.y.size()) +
                  " y values");
  // f on a 200x200 grid, rows separated by blank lines (gnuplot's grid format).
  const int n = 200;
  std::ostringstream grid;
  grid << std::setprecision(7);
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  for (int j = 0; j < n; ++j) {
    const double y = ymin + (ymax - ymin) * j / (n - 1);
    for (int i = 0; i < n; ++i) {
      const double x = xmin + (xmax - xmin) * i / (n - 1);
      const double v = f(x, y);
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
      grid << x << ' ' << y << ' ' << v << '\n';
    }
    grid << '\n';
  }
  // Only levels that f crosses inside the range (gnuplot warns about the others).
  std::ostringstream crossed;
  int count = 0;
  for (double level : levels)
    if (level > lo && level < hi) crossed << (count++ ? "," : "") << level;

  Figure fig(png_path, title);
  Gnuplot& gp = fig.gp();
  gp << "$grid << EOD\n" << grid.str() << "EOD\n";
  if (count)  // contours are traced only in 3-D plots: trace into a table, draw it in 2-D
    gp << "set contour base\nset cntrparam levels discrete " << crossed.str()
       << "\nunset surface\nset table $contours\nsplot $grid using 1:2:3 with lines\n"
       << "unset table\nunset contour\n";
  gp << "set xrange [" << xmin << ":" << xmax << "]\nset yrange [" << ymin << ":" << ymax << "]\n"
     << "set xlabel 'x'\nset ylabel 'y'\nset key below height 1\n";
  if (equal_axes) gp << "set size ratio -1\n";
  // gnuplot's own line colours, as plot_curves uses them (the yellow a little
  // darker, to show on the contours): path i has the colour of curve i there.
  const char* colour[] = {"#9400d3", "#009e73", "#56b4e9", "#e69f00",
                          "#d9c200", "#0072b2", "#e51e10"};
  // The first path lies on top where paths share a stretch; the legend
  // (keyentry) lists them in their own order.
  auto style = [&](std::size_t i) {
    if (paths[i].x.size() == 1) return std::string("points pt 2 ps 2.5 lw 3 lc rgb 'black'");
    return std::string("linespoints pt 7 ps 0.55 lw 1.5 lc rgb '") + colour[i % 7] + "'";
  };
  std::vector<std::size_t> order;  // lines last to first, then the markers on top
  for (std::size_t i = paths.size(); i-- > 0;)
    if (paths[i].x.size() > 1) order.push_back(i);
  for (std::size_t i = 0; i < paths.size(); ++i)
    if (paths[i].x.size() == 1) order.push_back(i);
  gp << "plot " << (count ? "$contours using 1:2 with lines lc rgb '#c8c8c8' lw 1 notitle, " : "");
  for (std::size_t i : order) gp << "'-' with " << style(i) << " notitle, ";
  for (std::size_t i = 0; i < paths.size(); ++i)
    gp << (i ? ", " : "") << "keyentry with " << style(i) << " title " << quote(paths[i].label);
  gp << "\n";
  for (std::size_t i : order) gp.send1d(std::make_pair(paths[i].x, paths[i].y));
  fig.render();
}

Tensor filters_as_images(const Tensor& weight) {
  Tensor f = weight;
  for (int k = 0; k < f.rows(); ++k) {
    float* w = f.row(k);
    const auto [lo, hi] = std::minmax_element(w, w + f.row_size());
    const float low = *lo, range = std::max(*hi - *lo, 1e-12f);
    for (std::size_t i = 0; i < f.row_size(); ++i) w[i] = (w[i] - low) / range;
  }
  return f;
}

}  // namespace nn
