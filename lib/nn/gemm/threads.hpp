#pragma once
// How the rungs share a product among threads (the public set_threads and
// threads are in nn/gemm.hpp). Threads always split C into disjoint blocks,
// never K: each element of C is summed by one thread in one fixed order, so
// the result is bit-identical for any thread count.
namespace nn::gemm::detail {

// The start of part `part` of `parts` when `total` is split into nearly equal
// pieces made of whole `unit`s (the last piece may end short).
int split_point(int total, int unit, int part, int parts);

// Threads for a product of `work` multiply-adds that splits into `pieces`
// pieces: at most threads() and `pieces`, and few enough that each thread has
// a worthwhile share of the work.
int team_size(long work, int pieces);

}  // namespace nn::gemm::detail
