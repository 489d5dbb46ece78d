// Chapter 09 exercises (exercises/09-gpu/ex.hpp). They need a CUDA device:
// without one each test prints "no CUDA device" and returns (a skip, which
// tools/check_stubs_fail counts as such). Built only where nvcc is found.
#ifdef NN_HAVE_CUDA
#include <catch2/catch.hpp>
#include <numeric>

#include "09-gpu/ex.hpp"
#include "nn/cuda/tensor.hpp"
#include "nn/gemm.hpp"
#include "support/gpu.hpp"
#include "support/random_tensor.hpp"

using namespace nn;

namespace {

// C = A B by the exercise and by the CPU reference, for an M x N x K product.
void check_product(void (*gemm)(int, int, int, const float*, const float*, float*), int M, int N,
                   int K) {
  Rng rng(M * 1000 + N * 10 + K);
  const Tensor A = test::random_tensor({M, K}, rng), B = test::random_tensor({K, N}, rng);
  Tensor want({M, N});
  sgemm_reference(Transpose::No, Transpose::No, M, N, K, 1.0f, A.data(), K, B.data(), N, 0.0f,
                  want.data(), N);
  cuda::DeviceTensor dA(A), dB(B), dC(want.shape());
  gemm(M, N, K, dA.data(), dB.data(), dC.data());
  INFO(M << " x " << N << " x " << K);
  CHECK(test::relative_difference(dC.to_host(), want) < 1e-5);
}

}  // namespace

TEST_CASE("ch09 ex1 sgemm_naive: matches the CPU reference", "[ch09][ex1][exercise][gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  check_product(ex09::sgemm_naive, 64, 64, 64);
  check_product(ex09::sgemm_naive, 37, 101, 19);  // not multiples of the block: guard the edges
  check_product(ex09::sgemm_naive, 1, 300, 7);
}

TEST_CASE("ch09 ex2 sgemm_tiled: matches the CPU reference", "[ch09][ex2][exercise][gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  check_product(ex09::sgemm_tiled, 64, 64, 64);
  check_product(ex09::sgemm_tiled, 37, 101, 45);  // partial tiles along M, N and K
  check_product(ex09::sgemm_tiled, 130, 3, 33);
}

TEST_CASE("ch09 ex3 relu_backward: passes dy where x > 0", "[ch09][ex3][exercise][gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(3);
  for (int n : {1, 1000, 1 << 21}) {  // 2M: more elements than one grid's worth of threads
    const Tensor x = test::random_tensor({n}, rng), dy = test::random_tensor({n}, rng);
    Tensor want({n});
    for (int i = 0; i < n; ++i) want[i] = x[i] > 0 ? dy[i] : 0.0f;
    cuda::DeviceTensor dx_in(x), ddy(dy), dx(want.shape());
    ex09::relu_backward(dx_in.data(), ddy.data(), dx.data(), n);
    CHECK(dx.to_host().values() == want.values());
  }
}

TEST_CASE("ch09 ex4 sum: a block reduction", "[ch09][ex4][exercise][gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(4);
  for (int n : {1, 33, 1000, 1 << 22}) {
    const Tensor x = test::random_tensor({n}, rng);
    const double want = std::accumulate(x.values().begin(), x.values().end(), 0.0);
    cuda::DeviceTensor d(x);
    const float got = ex09::sum(d.data(), n);
    INFO("n = " << n);
    CHECK(std::fabs(got - want) <= 1e-5 * n);
    CHECK(ex09::sum(d.data(), n) == got);  // deterministic: no atomics
  }
}
#endif
