// History::load_csv on any bytes. What it accepts must survive a round
// trip through save_csv: the same columns and values (NaN as NaN).
#include <cmath>

#include "fuzz_file.hpp"
#include "nn/history.hpp"

namespace {

bool same(const nn::History& a, const nn::History& b) {
  if (a.columns() != b.columns() || a.size() != b.size()) return false;
  for (const std::string& name : a.columns()) {
    const auto x = a.column(name), y = b.column(name);
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!(x[i] == y[i] || (std::isnan(x[i]) && std::isnan(y[i])))) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nn::fuzz::read_as_file(data, size, ".csv", [](const std::string& path) {
    const nn::History h = nn::History::load_csv(path);
    const std::string again = path + ".again";
    nn::History h_again;
    try {
      h.save_csv(again);
      h_again = nn::History::load_csv(again);
    } catch (const nn::Error& e) {
      std::fprintf(stderr, "fuzz: a history that loads cannot be saved and reloaded: %s\n",
                   e.what());
      std::abort();
    }
    std::remove(again.c_str());
    nn::fuzz::require(same(h, h_again), "round trip keeps every column and value");
  });
}
