#pragma once
// Chapter 09 exercises: your first CUDA kernels. Book page: book/09-gpu.md.
//
// Write the kernels and their launches in exercises/09-gpu/ex.cu (a CUDA
// file: it is compiled only where nvcc is found); the tests are
// tests/exercises/ch09_test.cpp (`build/tests/exercise_tests "[ch09]"`).
// They need a GPU: without one they print "no CUDA device" and are skipped.
//
// Every pointer below is DEVICE memory (nn::cuda::DeviceBuffer's data());
// matrices are row-major. Check every launch with NN_CUDA_CHECK_LAUNCH and
// guard every index: the grid is rounded up to whole blocks, so some
// threads fall outside the data.
#include <cstddef>

namespace ex09 {

/// Exercise 1. The naive SGEMM (book, "The naive kernel"): C = A B for
/// A [M, K], B [K, N], C [M, N], one thread per element of C. Make the
/// threads of a warp take neighbouring COLUMNS of C (threadIdx.x -> column),
/// so that their reads of B and writes of C are coalesced.
void sgemm_naive(int M, int N, int K, const float* A, const float* B, float* C);

/// Exercise 2. The tiled SGEMM (book, "Tiles in shared memory"): the same
/// product, with blocks of 32 x 32 threads that stage 32 x 32 tiles of A and
/// B in __shared__ memory, __syncthreads() before and after using them.
/// Sizes need not be multiples of 32: load 0 outside the matrices.
void sgemm_tiled(int M, int N, int K, const float* A, const float* B, float* C);

/// Exercise 3. ReLU backward (book, "One thread per element"):
/// dx[i] = dy[i] where x[i] > 0, else 0, for i < n (a grid-stride loop
/// handles any n with any grid).
void relu_backward(const float* x, const float* dy, float* dx, std::size_t n);

/// Exercise 4. A block reduction (book, "A block reduction"): the sum of
/// x[0..n), returned to the host. Each block sums its share with
/// __shfl_down_sync within warps and shared memory across warps; a second
/// launch (or the host) adds the blocks' partial sums. No atomics: the
/// result must be the same, bit for bit, every time.
float sum(const float* x, std::size_t n);

}  // namespace ex09
