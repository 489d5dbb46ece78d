// Every rung of the SGEMM ladder and cuBLAS against nn::sgemm_reference,
// for every transpose, odd sizes (edges of the tiles), padded strides,
// alpha and beta. [gpu]
#include "nn/cuda/sgemm.hpp"

#include <catch2/catch.hpp>

#include "nn/cuda/tensor.hpp"
#include "nn/gemm.hpp"
#include "support/gpu.hpp"
#include "support/random_tensor.hpp"

using namespace nn;
using cuda::GemmKernel;

namespace {

struct Case {
  int M, N, K;
};

// C = alpha op(A) op(B) + beta C on the CPU (reference) and with `kernel`.
void compare(GemmKernel kernel, Transpose ta, Transpose tb, Case s, float alpha, float beta,
             Rng& rng) {
  const int pad = 3;  // row strides longer than the rows
  const int a_rows = ta == Transpose::Yes ? s.K : s.M, a_cols = ta == Transpose::Yes ? s.M : s.K;
  const int b_rows = tb == Transpose::Yes ? s.N : s.K, b_cols = tb == Transpose::Yes ? s.K : s.N;
  const int lda = a_cols + pad, ldb = b_cols + pad, ldc = s.N + pad;
  const Tensor A = test::random_tensor({std::max(a_rows, 1), lda}, rng);
  const Tensor B = test::random_tensor({std::max(b_rows, 1), ldb}, rng);
  Tensor C = test::random_tensor({std::max(s.M, 1), ldc}, rng);
  cuda::DeviceTensor dA(A), dB(B), dC(C);
  if (beta == 0.0f) {  // C must not be read: fill it with NaN on the device
    Tensor nan(C.shape(), NAN);
    dC.upload(nan);
    C = nan;
  }
  sgemm_reference(ta, tb, s.M, s.N, s.K, alpha, A.data(), lda, B.data(), ldb, beta, C.data(), ldc);
  cuda::sgemm(kernel, ta, tb, s.M, s.N, s.K, alpha, dA.data(), lda, dB.data(), ldb, beta, dC.data(),
              ldc);
  Tensor got = dC.to_host();
  // Compare the M x N part only (the padding was never written by either).
  Tensor want({s.M, s.N}), have({s.M, s.N});
  for (int i = 0; i < s.M; ++i)
    for (int j = 0; j < s.N; ++j) want.at(i, j) = C.at(i, j), have.at(i, j) = got.at(i, j);
  INFO(cuda::gemm_name(kernel) << " " << s.M << "x" << s.N << "x" << s.K << " transA "
                               << (ta == Transpose::Yes) << " transB " << (tb == Transpose::Yes)
                               << " beta " << beta);
  // Entries in [-1, 1]: the float sum of K products is within ~K * 6e-8 of
  // the double one relative to sqrt(K)-sized values; 1e-5 leaves room.
  CHECK(test::relative_difference(have, want) < 1e-5);
}

}  // namespace

TEST_CASE("cuda sgemm: every rung matches the CPU reference", "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(10);
  // {32, 9, 5000} and {130, 67, 129} take the split-K path of the register-blocked rung.
  const std::vector<Case> cases{{1, 1, 1},    {7, 13, 5}, {130, 67, 129}, {128, 256, 64},
                                {33, 300, 9}, {5, 4, 0},  {32, 9, 5000}};
  for (GemmKernel k :
       {GemmKernel::Naive, GemmKernel::Tiled, GemmKernel::RegisterBlocked, GemmKernel::Cublas})
    for (Transpose ta : {Transpose::No, Transpose::Yes})
      for (Transpose tb : {Transpose::No, Transpose::Yes})
        for (const Case& c : cases) {
          compare(k, ta, tb, c, 1.0f, 0.0f, rng);
          compare(k, ta, tb, c, 0.5f, 2.0f, rng);
        }
}

TEST_CASE("cuda sgemm: the float4 path and the scalar path agree on aligned shapes", "[gpu]") {
  NN_REQUIRE_CUDA_DEVICE();
  Rng rng(11);
  // Strides that are multiples of 4 take float4 loads; 256 + 3 does not.
  for (Transpose ta : {Transpose::No, Transpose::Yes})
    for (Transpose tb : {Transpose::No, Transpose::Yes}) {
      const int n = 256;
      const Tensor A = test::random_tensor({n, n}, rng), B = test::random_tensor({n, n}, rng);
      Tensor want({n, n});
      sgemm_reference(ta, tb, n, n, n, 1.0f, A.data(), n, B.data(), n, 0.0f, want.data(), n);
      cuda::DeviceTensor dA(A), dB(B), dC(want.shape());
      cuda::sgemm(GemmKernel::RegisterBlocked, ta, tb, n, n, n, 1.0f, dA.data(), n, dB.data(), n,
                  0.0f, dC.data(), n);
      CHECK(test::relative_difference(dC.to_host(), want) < 1e-5);
    }
}
