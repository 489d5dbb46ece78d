// Rung 4: tensor cores, TF32 inputs and FP32 accumulation (book chapter 09,
// "Tensor cores and TF32").
//
// A tensor core multiplies small matrices in one instruction: for TF32, a
// warp computes a 16 x 16 block of C += a 16 x 8 block of A times an 8 x 16
// block of B. CUDA's WMMA API exposes it as three calls: load_matrix_sync
// (a warp reads a tile from shared memory into a "fragment", registers
// spread over its 32 threads), mma_sync (the multiply-add) and
// store_matrix_sync.
//
// TF32 ("TensorFloat-32") keeps FP32's 8-bit exponent (same range) but only
// 10 of its 23 mantissa bits: each input is rounded to 11 significant bits
// (relative error at most 2^-11), the products are exact and are summed in
// FP32. So a dot product is off by at most about 2^-10 sum |a_k b_k|, where
// FP32 is off by about K 2^-24 sum |a_k b_k|: fine for training (the
// gradient's own noise is far larger), wrong for a linear solver.
//
// The structure is rung 2's, one level up: a block of 8 warps computes a
// 128 x 128 tile of C; along K, in steps of 32, the block stages a 128 x 32
// slice of op(A) and a 32 x 128 slice of op(B) in shared memory, rounded to
// TF32 as they are stored; then each warp multiplies its 64 x 32 part with
// 4 x 2 fragments of 16 x 16. From rung 3 it keeps the software pipelining
// (the next slices are loaded while the current ones are multiplied) and
// split-K. Edges are handled by zero-filled tiles and a
// bounds-checked epilogue that goes through shared memory (a fragment's
// layout in registers is unspecified, so it cannot be written out directly).
//
// Needs compute capability 8.0 (Ampere) or newer; on older GPUs the host
// function throws a CudaError that says so.
#include <mma.h>

#include <algorithm>
#include <string>

#include "nn/cuda/check.hpp"
#include "nn/cuda/sgemm/common.cuh"
#include "nn/cuda/sgemm/register_blocked_parts.hpp"  // k_chunk_for

namespace nn::cuda {
namespace {

namespace wmma = nvcuda::wmma;

constexpr int kBM = 128, kBN = 128, kBK = 32;  // the block's tile of C, and its K step
constexpr int kWarpsM = 2, kWarpsN = 4;        // 8 warps, each 64 x 32 of the tile
constexpr int kThreads = 32 * kWarpsM * kWarpsN;
// (maybe_unused: a build for a pre-Ampere GPU compiles the kernel empty.)
[[maybe_unused]] constexpr int kFragsM = kBM / kWarpsM / 16;  // 4 x 2 fragments of 16 x 16
[[maybe_unused]] constexpr int kFragsN = kBN / kWarpsN / 16;
// Rows padded by 4 floats so the 8 rows a fragment load reads start in
// different shared-memory banks. The strides stay multiples of 4 floats, and
// every fragment starts on a 32-byte boundary, as load_matrix_sync requires.
[[maybe_unused]] constexpr int kLdA = kBK + 4, kLdB = kBN + 4;

// The block's next slices of op(A) and op(B), held in registers between
// the global loads and the stores into shared memory, so that the loads of
// slice k0 + 32 are in flight while the tensor cores work on slice k0
// (software pipelining, as in rung 3). Each thread moves 16 values of each.
// Consecutive threads read consecutive addresses as stored: along k when A
// is row-major, along m when it is stored transposed (and likewise for B).
struct NextSlices {
  static constexpr int kPerThread = kBM * kBK / kThreads;  // 16 (kBN * kBK / kThreads too)
  float a[kPerThread], b[kPerThread];

  // op(X)[row][col] for row < rows and col in [k_begin, k_end), else 0.
  template <bool TA, bool TB>
  __device__ void fetch(const float* A, int lda, const float* B, int ldb, int M, int N, int k0,
                        int k_end, int row0, int col0) {
#pragma unroll
    for (int i = 0; i < kPerThread; ++i) {
      const int e = threadIdx.x + i * kThreads;
      const int am = TA ? e % kBM : e / kBK, ak = TA ? e / kBM : e % kBK;
      a[i] = row0 + am < M && k0 + ak < k_end ? op_element<TA>(A, lda, row0 + am, k0 + ak) : 0.0f;
      const int bk = TB ? e % kBK : e / kBN, bn = TB ? e / kBK : e % kBN;
      b[i] = k0 + bk < k_end && col0 + bn < N ? op_element<TB>(B, ldb, k0 + bk, col0 + bn) : 0.0f;
    }
  }

  // Into a_tile[m][k] and b_tile[k][n], rounded to TF32.
  template <bool TA, bool TB>
  __device__ void put(float* a_tile, float* b_tile) const {
#pragma unroll
    for (int i = 0; i < kPerThread; ++i) {
      const int e = threadIdx.x + i * kThreads;
      const int am = TA ? e % kBM : e / kBK, ak = TA ? e / kBM : e % kBK;
      a_tile[am * kLdA + ak] = wmma::__float_to_tf32(a[i]);
      const int bk = TB ? e % kBK : e / kBN, bn = TB ? e / kBK : e % kBN;
      b_tile[bk * kLdB + bn] = wmma::__float_to_tf32(b[i]);
    }
  }
};

//! [tensor-core-kernel]
template <bool TA, bool TB>
__global__ void __launch_bounds__(kThreads)
    sgemm_tensor_core_kernel(int M, int N, int K, float alpha, const float* A, int lda,
                             const float* B, int ldb, float beta, float* C, int ldc, int k_chunk,
                             std::size_t split_stride) {
#if __CUDA_ARCH__ >= 800
  __shared__ __align__(128) float a_tile[kBM * kLdA];  // op(A) slice: [m][k]
  __shared__ __align__(128) float b_tile[kBK * kLdB];  // op(B) slice: [k][n]
  const int warp = threadIdx.x / 32, warp_m = warp / kWarpsN, warp_n = warp % kWarpsN;
  const int row0 = blockIdx.y * kBM, col0 = blockIdx.x * kBN;
  // This block's share of K: all of it, or chunk blockIdx.z of a split-K.
  const int k_begin = blockIdx.z * k_chunk, k_end = min(K, k_begin + k_chunk);
  C += blockIdx.z * split_stride;  // split-K: this chunk's partial C
  wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc[kFragsM][kFragsN];
#pragma unroll
  for (int i = 0; i < kFragsM; ++i)
#pragma unroll
    for (int j = 0; j < kFragsN; ++j) wmma::fill_fragment(acc[i][j], 0.0f);
  NextSlices next;
  if (k_begin < k_end) next.fetch<TA, TB>(A, lda, B, ldb, M, N, k_begin, k_end, row0, col0);
  for (int k0 = k_begin; k0 < k_end; k0 += kBK) {
    next.put<TA, TB>(a_tile, b_tile);
    __syncthreads();  // the tiles are complete
    if (k0 + kBK < k_end) next.fetch<TA, TB>(A, lda, B, ldb, M, N, k0 + kBK, k_end, row0, col0);
#pragma unroll
    for (int k = 0; k < kBK; k += 8) {
      wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> a[kFragsM];
      wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::row_major> b[kFragsN];
#pragma unroll
      for (int i = 0; i < kFragsM; ++i)
        wmma::load_matrix_sync(a[i], a_tile + (warp_m * 64 + i * 16) * kLdA + k, kLdA);
#pragma unroll
      for (int j = 0; j < kFragsN; ++j)
        wmma::load_matrix_sync(b[j], b_tile + k * kLdB + warp_n * 32 + j * 16, kLdB);
#pragma unroll
      for (int i = 0; i < kFragsM; ++i)
#pragma unroll
        for (int j = 0; j < kFragsN; ++j) wmma::mma_sync(acc[i][j], a[i], b[j], acc[i][j]);
    }
    __syncthreads();  // everyone is done with the tiles before they are overwritten
  }
  // Epilogue: each fragment goes through this warp's 16 x 16 corner of the
  // (now free) A tile, then to C with bounds checks, alpha and beta.
  float* scratch = a_tile + warp * 16 * 16;
#pragma unroll
  for (int i = 0; i < kFragsM; ++i)
#pragma unroll
    for (int j = 0; j < kFragsN; ++j) {
      wmma::store_matrix_sync(scratch, acc[i][j], 16, wmma::mem_row_major);
      __syncwarp();
      for (int e = threadIdx.x % 32; e < 256; e += 32) {
        const int row = row0 + warp_m * 64 + i * 16 + e / 16;
        const int col = col0 + warp_n * 32 + j * 16 + e % 16;
        if (row < M && col < N) store_c(C, ldc, row, col, alpha, scratch[e], beta);
      }
      __syncwarp();  // the scratch is read before the next fragment overwrites it
    }
#endif
}
//! [tensor-core-kernel]

int compute_capability_major() {
  static const int major = [] {
    int device = 0, value = 0;
    NN_CUDA_CHECK(cudaGetDevice(&device));
    NN_CUDA_CHECK(cudaDeviceGetAttribute(&value, cudaDevAttrComputeCapabilityMajor, device));
    return value;
  }();
  return major;
}

}  // namespace

bool tensor_cores_available() { return compute_capability_major() >= 8; }

void sgemm_tensor_core(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                       int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  check_gemm_arguments("cuda::sgemm_tensor_core", ta, tb, M, N, K, lda, ldb, ldc);
  if (!tensor_cores_available())
    throw CudaError(
        "cuda::sgemm_tensor_core: TF32 tensor cores need compute capability 8.0 (Ampere) or "
        "newer; this GPU has " +
        std::to_string(compute_capability_major()) + ".x");
  if (M == 0 || N == 0) return;
  // Split K where the output has too few tiles to fill the GPU (a weight
  // gradient: C is 32 x 9, K is 64 images x 676 positions); the tiles are
  // rung 3's 128 x 128, so rung 3's rule for the chunks applies.
  const int k_chunk = K > 0 ? register_blocked::k_chunk_for(M, N, K, multiprocessor_count()) : 1;
  const int splits = K > 0 ? (K + k_chunk - 1) / k_chunk : 1;
  const dim3 grid((N + kBN - 1) / kBN, (M + kBM - 1) / kBM, splits);
  if (splits == 1) {
    NN_GEMM_DISPATCH(sgemm_tensor_core_kernel, ta, tb, grid, kThreads, M, N, K, alpha, A, lda, B,
                     ldb, beta, C, ldc, std::max(K, 1), std::size_t{0});
    return;
  }
  const std::size_t stride = std::size_t(M) * N;
  float* partials = split_k_workspace(stride * splits);
  NN_GEMM_DISPATCH(sgemm_tensor_core_kernel, ta, tb, grid, kThreads, M, N, K, 1.0f, A, lda, B, ldb,
                   0.0f, partials, N, k_chunk, stride);
  add_split_k_partials(partials, splits, M, N, alpha, beta, C, ldc);
}

}  // namespace nn::cuda
