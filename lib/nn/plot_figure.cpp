#include "nn/plot_figure.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iterator>

#include "nn/errors.hpp"
#include "nn/summary.hpp"

namespace nn::plot_detail {

namespace fs = std::filesystem;

// Looked up once per process: is gnuplot there, and does it have the
// anti-aliased cairo PNG terminal (most builds) or only the older libgd one?
static const std::string& png_terminal() {
  static const std::string terminal = [] {
    if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) return std::string();
    if (std::system("gnuplot -e 'set terminal pngcairo' >/dev/null 2>&1") == 0)
      return std::string("pngcairo font 'Sans,11'");
    return std::string("png font ',11'");
  }();
  if (terminal.empty()) throw Error("gnuplot not found: install the gnuplot-nox package");
  return terminal;
}

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += (c == '\'') ? std::string("''") : std::string(1, c);
  return q + "'";
}

Figure::Figure(const std::string& png_path, const std::string& title, int width, int height)
    : png_(png_path) {
  const std::string& terminal = png_terminal();
  static std::atomic<int> counter{0};
  script_ = fs::temp_directory_path() /
            ("nn-plot-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".gp");
  if (fs::path(png_).has_parent_path()) fs::create_directories(fs::path(png_).parent_path());
  // append, not ">" + string: GCC 12 warns falsely (-Wrestrict) on that one.
  gp_ = std::make_unique<Gnuplot>(std::string(">").append(script_.string()));
  *gp_ << std::defaultfloat << std::setprecision(7);  // 18 digits would triple the script
  // noenhanced: labels like "train_loss" are printed as written, not subscripted.
  *gp_ << "set terminal " << terminal << " size " << width << "," << height << " noenhanced\n"
       << "set title " << quote(title) << " font ',13'\n";
}

Figure::~Figure() {
  gp_.reset();
  if (!keep_script_) fs::remove(script_);
}

void Figure::render() {
  gp_.reset();  // flushes and closes the script
  // gnuplot writes the PNG to its standard output (the script sets no
  // output file) and its messages to a log; the PNG is then written through
  // a temporary file and a rename, so a failed plot (a read-only folder, a
  // full disk) leaves the previous PNG as it was.
  const std::string log = script_.string() + ".log";
  std::ofstream(log).close();  // ours, so that we may remove it whoever gnuplot runs as
  FILE* pipe = ::popen(("gnuplot " + quote(script_.string()) + " 2>" + quote(log)).c_str(), "r");
  if (!pipe) throw Error("cannot start gnuplot to draw " + png_);
  std::string png;
  char buffer[1 << 14];
  while (const std::size_t got = std::fread(buffer, 1, sizeof buffer, pipe))
    png.append(buffer, got);
  const int status = ::pclose(pipe);  // waits: the PNG is complete after this
  std::ifstream log_file(log);
  const std::string messages((std::istreambuf_iterator<char>(log_file)),
                             std::istreambuf_iterator<char>());
  std::error_code ec;
  fs::remove(log, ec);
  if (status != 0 || png.empty()) {
    keep_script_ = true;
    throw Error("gnuplot could not draw " + png_ + ": " + messages + "(script kept in " +
                script_.string() + ")");
  }
  write_file_atomically(png_, png);
  if (!messages.empty()) std::fprintf(stderr, "gnuplot (%s): %s", png_.c_str(), messages.c_str());
}

}  // namespace nn::plot_detail
