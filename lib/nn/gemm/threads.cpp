// Thread settings (nn::set_threads, nn::threads) and the split of a product
// among threads; see threads.hpp.
#include "nn/gemm/threads.hpp"

#include <omp.h>

#include <algorithm>

#include "nn/gemm.hpp"

namespace nn {

static int g_threads = 0;
void set_threads(int n) {
  g_threads = n > 0 ? n : omp_get_num_procs();
  omp_set_num_threads(g_threads);
}
int threads() { return g_threads > 0 ? g_threads : omp_get_max_threads(); }

}  // namespace nn

namespace nn::gemm::detail {

// Starting a thread team costs a few microseconds; give each thread at least
// this many multiply-adds (~5 us of work) or use fewer threads.
constexpr long kWorkPerThread = 64L * 64 * 64;

int split_point(int total, int unit, int part, int parts) {
  const long tiles = (total + unit - 1) / unit;
  return static_cast<int>(std::min<long>(total, tiles * part / parts * unit));
}

int team_size(long work, int pieces) {
  return static_cast<int>(std::clamp<long>(work / kWorkPerThread, 1, std::min(threads(), pieces)));
}

}  // namespace nn::gemm::detail
