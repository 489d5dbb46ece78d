// The register-blocked SGEMM (cuda/nn/cuda/sgemm/3_register_blocked.cu) run
// on the CPU (no GPU needed), with the very tile loaders, register mapping
// and split-K arithmetic the kernel uses (sgemm/register_blocked_parts.hpp),
// and compared with nn::sgemm_reference. What this cannot check: the CUDA
// side itself (shared memory, synchronisation), which the [gpu] tests do
// (sgemm_test.cpp).
#include "nn/cuda/sgemm/register_blocked_parts.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <tuple>
#include <vector>

#include "nn/gemm.hpp"
#include "support/gpu.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// The register-blocked kernel's algorithm, run on the CPU: for each block of
// the grid and each K chunk, all 256 threads load their part of the two
// tiles (the __syncthreads() of the kernel is the end of that loop), then
// each thread multiplies from the tiles into its 8 x 8 registers, and
// stores (or, split-K, writes its partial, added up at the end).
template <bool TA, bool TB>
Tensor emulate_register_blocked(int M, int N, int K, const float* A, int lda, const float* B,
                                int ldb, bool vec, int sms) {
  using namespace cuda::register_blocked;
  const int k_chunk = K > 0 ? k_chunk_for(M, N, K, sms) : 1;
  const int splits = K > 0 ? (K + k_chunk - 1) / k_chunk : 1;
  Tensor c({M, N}, 0.0f);
  alignas(16) float a_tile[kBK][kBM], b_tile[kBK][kBN];
  std::vector<float> acc(std::size_t(kThreads) * 64);
  std::vector<TileFetch<TA, TB>> fetched(kThreads);  // each thread's registers
  for (int bz = 0; bz < splits; ++bz)
    for (int row0 = 0; row0 < M; row0 += kBM)
      for (int col0 = 0; col0 < N; col0 += kBN) {
        const int k_begin = bz * k_chunk, k_end = std::min(K, k_begin + k_chunk);
        std::fill(acc.begin(), acc.end(), 0.0f);
        // As the kernel does it: fetch tile k_begin; then, per step, put the
        // fetched tile (then __syncthreads), fetch the next, multiply.
        auto fetch_all = [&](int k0) {
          for (int t = 0; t < kThreads; ++t)
            fetched[t].fetch(A, lda, B, ldb, M, N, k_end, k0, row0, col0, t, vec);
        };
        if (k_begin < k_end) fetch_all(k_begin);
        for (int k0 = k_begin; k0 < k_end; k0 += kBK) {
          for (int t = 0; t < kThreads; ++t) fetched[t].put(a_tile, b_tile, t);
          if (k0 + kBK < k_end) fetch_all(k0 + kBK);
          for (int t = 0; t < kThreads; ++t)
            for (int k = 0; k < kBK; ++k)
              for (int i = 0; i < 8; ++i)
                for (int j = 0; j < 8; ++j)
                  acc[t * 64 + i * 8 + j] +=
                      a_tile[k][owned(t / 16, i)] * b_tile[k][owned(t % 16, j)];
        }
        for (int t = 0; t < kThreads; ++t)
          for (int i = 0; i < 8; ++i)
            for (int j = 0; j < 8; ++j) {
              const int row = row0 + owned(t / 16, i), col = col0 + owned(t % 16, j);
              if (row < M && col < N) c.at(row, col) += acc[t * 64 + i * 8 + j];
            }
      }
  return c;
}

Tensor emulate_register_blocked(Transpose ta, Transpose tb, int M, int N, int K, const float* A,
                                int lda, const float* B, int ldb, bool vec, int sms) {
  const bool a = ta == Transpose::Yes, b = tb == Transpose::Yes;
  if (!a && !b) return emulate_register_blocked<false, false>(M, N, K, A, lda, B, ldb, vec, sms);
  if (!a && b) return emulate_register_blocked<false, true>(M, N, K, A, lda, B, ldb, vec, sms);
  if (a && !b) return emulate_register_blocked<true, false>(M, N, K, A, lda, B, ldb, vec, sms);
  return emulate_register_blocked<true, true>(M, N, K, A, lda, B, ldb, vec, sms);
}

}  // namespace

TEST_CASE("cuda register-blocked parts: the register-blocked SGEMM's tiles, registers and split-K",
          "[cuda]") {
  Rng rng(32);
  struct Case {
    int M, N, K;
  };
  for (const Case s : {Case{130, 67, 129}, Case{32, 9, 700}, Case{128, 256, 16}, Case{5, 3, 0}})
    for (Transpose ta : {Transpose::No, Transpose::Yes})
      for (Transpose tb : {Transpose::No, Transpose::Yes})
        for (int pad : {0, 3}) {  // pad 0 with these sizes: some float4 loads; pad 3: none
          const int lda = (ta == Transpose::Yes ? s.M : s.K) + pad;
          const int ldb = (tb == Transpose::Yes ? s.K : s.N) + pad;
          const Tensor A =
              test::random_tensor({ta == Transpose::Yes ? std::max(s.K, 1) : s.M, lda}, rng);
          const Tensor B =
              test::random_tensor({tb == Transpose::Yes ? s.N : std::max(s.K, 1), ldb}, rng);
          Tensor want({s.M, s.N});
          sgemm_reference(ta, tb, s.M, s.N, s.K, 1.0f, A.data(), lda, B.data(), ldb, 0.0f,
                          want.data(), s.N);
          const bool vec = lda % 4 == 0 && ldb % 4 == 0;
          INFO(s.M << "x" << s.N << "x" << s.K << " transA " << (ta == Transpose::Yes) << " transB "
                   << (tb == Transpose::Yes) << " pad " << pad);
          for (int sms : {1, 132})  // 132 SMs (H100): small products are split along K
            CHECK(
                test::relative_difference(emulate_register_blocked(ta, tb, s.M, s.N, s.K, A.data(),
                                                                   lda, B.data(), ldb, vec, sms),
                                          want) < 1e-5);
        }
}

TEST_CASE("cuda register-blocked parts: split-K chunks cover K in aligned pieces", "[cuda]") {
  using cuda::register_blocked::k_chunk_for;
  CHECK(k_chunk_for(4096, 4096, 4096, 132) == 4096);  // 1024 tiles: no split
  for (auto [M, N, K] :
       {std::tuple{32, 9, 43264}, std::tuple{64, 288, 7744}, std::tuple{64, 128, 1600}}) {
    const int chunk = k_chunk_for(M, N, K, 132);
    INFO(M << "x" << N << "x" << K << ": chunk " << chunk);
    CHECK(chunk % 8 == 0);
    CHECK(chunk >= 64);
    CHECK(chunk < K);  // split
    CHECK((K + chunk - 1) / chunk <= 264 + 1);
  }
}
