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
// 4 x 2 fragments of 16 x 16. Edges are handled by zero-filled tiles and a
// bounds-checked epilogue that goes through shared memory (a fragment's
// layout in registers is unspecified, so it cannot be written out directly).
//
// Needs compute capability 8.0 (Ampere) or newer; on older GPUs the host
// function throws a CudaError that says so.
#include <mma.h>

#include <string>

#include "nn/cuda/check.hpp"
#include "nn/cuda/sgemm/common.cuh"

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

// Stage op(A)[row0 .. +128][k0 .. +32] into a_tile[m][k], rounded to TF32,
// 0 outside the matrix. Consecutive threads read consecutive addresses of A
// as stored: along k when A is row-major, along m when it is transposed.
template <bool TA>
__device__ void stage_a(float* a_tile, const float* A, int lda, int M, int K, int row0, int k0) {
  for (int e = threadIdx.x; e < kBM * kBK; e += kThreads) {
    const int m = TA ? e % kBM : e / kBK, k = TA ? e / kBM : e % kBK;
    const int row = row0 + m, col = k0 + k;
    const float v = row < M && col < K ? op_element<TA>(A, lda, row, col) : 0.0f;
    a_tile[m * kLdA + k] = wmma::__float_to_tf32(v);
  }
}

// Stage op(B)[k0 .. +32][col0 .. +128] into b_tile[k][n], the same way.
template <bool TB>
__device__ void stage_b(float* b_tile, const float* B, int ldb, int K, int N, int k0, int col0) {
  for (int e = threadIdx.x; e < kBK * kBN; e += kThreads) {
    const int k = TB ? e % kBK : e / kBN, n = TB ? e / kBK : e % kBN;
    const int row = k0 + k, col = col0 + n;
    const float v = row < K && col < N ? op_element<TB>(B, ldb, row, col) : 0.0f;
    b_tile[k * kLdB + n] = wmma::__float_to_tf32(v);
  }
}

//! [tensor-core-kernel]
template <bool TA, bool TB>
__global__ void __launch_bounds__(kThreads)
    sgemm_tensor_core_kernel(int M, int N, int K, float alpha, const float* A, int lda,
                             const float* B, int ldb, float beta, float* C, int ldc) {
#if __CUDA_ARCH__ >= 800
  __shared__ __align__(128) float a_tile[kBM * kLdA];  // op(A) slice: [m][k]
  __shared__ __align__(128) float b_tile[kBK * kLdB];  // op(B) slice: [k][n]
  const int warp = threadIdx.x / 32, warp_m = warp / kWarpsN, warp_n = warp % kWarpsN;
  const int row0 = blockIdx.y * kBM, col0 = blockIdx.x * kBN;
  wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc[kFragsM][kFragsN];
#pragma unroll
  for (int i = 0; i < kFragsM; ++i)
#pragma unroll
    for (int j = 0; j < kFragsN; ++j) wmma::fill_fragment(acc[i][j], 0.0f);
  for (int k0 = 0; k0 < K; k0 += kBK) {
    stage_a<TA>(a_tile, A, lda, M, K, row0, k0);
    stage_b<TB>(b_tile, B, ldb, K, N, k0, col0);
    __syncthreads();  // the tiles are complete
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
  const dim3 grid((N + kBN - 1) / kBN, (M + kBM - 1) / kBM);
  NN_GEMM_DISPATCH(sgemm_tensor_core_kernel, ta, tb, grid, kThreads, M, N, K, alpha, A, lda, B, ldb,
                   beta, C, ldc);
}

}  // namespace nn::cuda
