// Rung 3: register blocking (book chapter 09, "More work per thread").
//
// A block of 256 threads computes a 128 x 128 tile of C; each thread owns
// 8 x 8 of its outputs, kept in 64 registers. Along K, in steps of 8, the
// block stages a 128 x 8 slice of op(A) and an 8 x 128 slice of op(B) in
// shared memory; then for each of the 8 k's a thread loads 8 values of A
// and 8 of B into registers and does 64 fused multiply-adds with them. That
// is 4 FMAs per value read from shared memory, where the tiled kernel did 1:
// shared memory bandwidth, the limit of rung 2, stops being the limit.
//
// Details that matter for speed (each explained in the book):
// - the A slice is stored transposed, a_tile[k][m], so a thread's 8 values
//   of A for one k are contiguous and read as two float4;
// - a thread's 8 rows (and 8 columns) are two groups of 4, 64 apart:
//   rows 4*ty .. 4*ty+3 and 64+4*ty .. 64+4*ty+3. The 8 threads of a quarter
//   warp then read 8 consecutive float4 from shared memory, with no bank
//   conflict;
// - global loads are float4 (16 bytes) where the matrix allows it (16-byte
//   aligned, row stride a multiple of 4, the 4 elements inside the matrix),
//   and bounds-checked scalar loads everywhere else (the edges of C);
// - software pipelining: each thread fetches its share of the NEXT tiles
//   from global memory into registers before multiplying the current ones,
//   and writes them to shared memory after, so the ~500-cycle global loads
//   overlap the arithmetic instead of stalling it;
// - split-K: a product with few output tiles and a long K (a weight gradient:
//   C is 32 x 9, K is 64 images x 676 positions) would occupy one or two of
//   the GPU's 132 SMs. Then blockIdx.z cuts K into chunks, each block writes
//   its partial C to a workspace, and a second kernel adds the partials in a
//   fixed order (deterministic, unlike atomicAdd into C).
#include <algorithm>
#include <cstdint>

#include "nn/cuda/check.hpp"
#include "nn/cuda/memory.hpp"
#include "nn/cuda/sgemm/common.cuh"
#include "nn/cuda/sgemm/register_blocked_parts.hpp"

namespace nn::cuda {
namespace {

using namespace register_blocked;

//! [register-blocked-kernel]
template <bool TA, bool TB>
__global__ void __launch_bounds__(kThreads)
    sgemm_register_blocked_kernel(int M, int N, int K, float alpha, const float* A, int lda,
                                  const float* B, int ldb, float beta, float* C, int ldc, bool vec,
                                  int k_chunk, std::size_t split_stride) {
  __shared__ __align__(16) float a_tile[kBK][kBM];  // op(A) slice, transposed: [k][m]
  __shared__ __align__(16) float b_tile[kBK][kBN];  // op(B) slice: [k][n]
  const int t = threadIdx.x, ty = t / 16, tx = t % 16;
  const int row0 = blockIdx.y * kBM, col0 = blockIdx.x * kBN;
  // This block's share of K: all of it, or chunk blockIdx.z of a split-K.
  const int k_begin = blockIdx.z * k_chunk, k_end = min(K, k_begin + k_chunk);
  C += blockIdx.z * split_stride;  // split-K: this chunk's partial C
  float acc[8][8] = {};
  float a[8], b[8];
  // Software pipelining: the global loads of tile k0 + kBK are issued
  // before the arithmetic on tile k0, so their latency hides behind it.
  TileFetch<TA, TB> next;
  if (k_begin < k_end) next.fetch(A, lda, B, ldb, M, N, k_end, k_begin, row0, col0, t, vec);
  for (int k0 = k_begin; k0 < k_end; k0 += kBK) {
    next.put(a_tile, b_tile, t);
    __syncthreads();  // the tiles are complete
    if (k0 + kBK < k_end) next.fetch(A, lda, B, ldb, M, N, k_end, k0 + kBK, row0, col0, t, vec);
#pragma unroll
    for (int k = 0; k < kBK; ++k) {
#pragma unroll
      for (int h = 0; h < 2; ++h) {  // two float4 each: registers 4h .. 4h+3
        const float4 av = *reinterpret_cast<const float4*>(&a_tile[k][h * 64 + ty * 4]);
        const float4 bv = *reinterpret_cast<const float4*>(&b_tile[k][h * 64 + tx * 4]);
        a[4 * h] = av.x, a[4 * h + 1] = av.y, a[4 * h + 2] = av.z, a[4 * h + 3] = av.w;
        b[4 * h] = bv.x, b[4 * h + 1] = bv.y, b[4 * h + 2] = bv.z, b[4 * h + 3] = bv.w;
      }
#pragma unroll
      for (int i = 0; i < 8; ++i)
#pragma unroll
        for (int j = 0; j < 8; ++j) acc[i][j] += a[i] * b[j];
    }
    __syncthreads();  // everyone is done with the tiles before the next put
  }
#pragma unroll
  for (int i = 0; i < 8; ++i) {
    const int row = row0 + owned(ty, i);
#pragma unroll
    for (int j = 0; j < 8; ++j) {
      const int col = col0 + owned(tx, j);
      if (row < M && col < N) store_c(C, ldc, row, col, alpha, acc[i][j], beta);
    }
  }
}
//! [register-blocked-kernel]

bool aligned16(const float* p) { return reinterpret_cast<std::uintptr_t>(p) % 16 == 0; }

}  // namespace

// --- Split-K, shared with rung 4 (declared in common.cuh) --------------------

namespace {

// C = alpha * (sum of the `splits` partials, in order) + beta C.
__global__ void add_partials_kernel(const float* partial, int splits, int M, int N, float alpha,
                                    float beta, float* C, int ldc) {
  const std::size_t n = std::size_t(M) * N;
  for (std::size_t e = blockIdx.x * std::size_t{blockDim.x} + threadIdx.x; e < n;
       e += std::size_t{gridDim.x} * blockDim.x) {
    float total = 0.0f;
    for (int s = 0; s < splits; ++s) total += partial[s * n + e];
    const int row = static_cast<int>(e / N), col = static_cast<int>(e % N);
    store_c(C, ldc, row, col, alpha, total, beta);
  }
}

}  // namespace

int multiprocessor_count() {
  static const int count = [] {
    int device = 0, sms = 0;
    NN_CUDA_CHECK(cudaGetDevice(&device));
    NN_CUDA_CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, device));
    return std::max(sms, 1);
  }();
  return count;
}

float* split_k_workspace(std::size_t floats) {
  static DeviceBuffer<float> workspace;  // kept for the next call
  workspace.resize(floats);
  return workspace.data();
}

void add_split_k_partials(const float* partial, int splits, int M, int N, float alpha, float beta,
                          float* C, int ldc) {
  const std::size_t stride = std::size_t(M) * N;
  const unsigned blocks = static_cast<unsigned>(std::min<std::size_t>((stride + 255) / 256, 4096));
  add_partials_kernel<<<blocks, 256>>>(partial, splits, M, N, alpha, beta, C, ldc);
  NN_CUDA_CHECK_LAUNCH("add_partials_kernel");
}

void sgemm_register_blocked(Transpose ta, Transpose tb, int M, int N, int K, float alpha,
                            const float* A, int lda, const float* B, int ldb, float beta, float* C,
                            int ldc) {
  check_gemm_arguments("cuda::sgemm_register_blocked", ta, tb, M, N, K, lda, ldb, ldc);
  if (M == 0 || N == 0) return;
  // float4 loads need 16-byte addresses: aligned bases and row strides that
  // are multiples of 4 floats (tile offsets are multiples of 4 already).
  const bool vec = aligned16(A) && aligned16(B) && lda % 4 == 0 && ldb % 4 == 0;
  const int k_chunk = K > 0 ? k_chunk_for(M, N, K, multiprocessor_count()) : 1;
  const int splits = K > 0 ? (K + k_chunk - 1) / k_chunk : 1;
  if (splits == 1) {
    const dim3 grid((N + kBN - 1) / kBN, (M + kBM - 1) / kBM, 1);
    NN_GEMM_DISPATCH(sgemm_register_blocked_kernel, ta, tb, grid, kThreads, M, N, K, alpha, A, lda,
                     B, ldb, beta, C, ldc, vec, std::max(K, 1), std::size_t{0});
    return;
  }
  // Split-K: partial products (alpha 1, beta 0) into a workspace, then one
  // pass that adds them into C.
  const std::size_t stride = std::size_t(M) * N;
  float* partials = split_k_workspace(stride * splits);
  const dim3 grid((N + kBN - 1) / kBN, (M + kBM - 1) / kBM, splits);
  NN_GEMM_DISPATCH(sgemm_register_blocked_kernel, ta, tb, grid, kThreads, M, N, K, 1.0f, A, lda, B,
                   ldb, 0.0f, partials, N, vec, k_chunk, stride);
  add_split_k_partials(partials, splits, M, N, alpha, beta, C, ldc);
}

}  // namespace nn::cuda
