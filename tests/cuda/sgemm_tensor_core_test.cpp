// The tensor-core rung (cuda/nn/cuda/sgemm/4_tensor_core.cu) and cuBLAS in
// TF32 mode, against oracles computed here in double. [gpu]
//
// The tolerance comes from the input precision (book chapter 09, "Tensor
// cores and TF32"). TF32 keeps 11 significant bits, so rounding an input to
// nearest changes it by at most u = 2^-11 of itself, and a product a b by at
// most 2u + u^2. The products are then summed in FP32: K additions, each
// off by at most one unit in the last place, 2^-23 (a tensor core's adder
// may truncate instead of rounding). So, with S = sum_k |a_ik b_kj|,
//
//   |C_tc - C_exact| <= |alpha| S (2u + u^2 + (K + 2) 2^-23) + |beta C| 2^-22.
//
// That bound is checked element by element (a tolerance on the largest
// element would hide a wrong small one). Two further checks pin the rung
// down from both sides: against the exact product of the inputs ROUNDED to
// TF32 on the CPU, it must agree to FP32's accumulation error alone (the
// indexing is right); and against FP32 it must be measurably worse than the
// FP32 rungs' 1e-5 (the inputs really were rounded: a plain FP32 kernel in
// its place fails that check).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "nn/cuda/sgemm.hpp"
#include "nn/cuda/tensor.hpp"
#include "support/gpu.hpp"
#include "support/random_tensor.hpp"

using namespace nn;
using cuda::GemmKernel;

// A device, and one with TF32 tensor cores (compute capability 8.0+), or the
// test says why it skips and returns.
#define NN_REQUIRE_TENSOR_CORES()                                                       \
  do {                                                                                  \
    NN_REQUIRE_CUDA_DEVICE();                                                           \
    if (!cuda::tensor_cores_available()) {                                              \
      WARN("no CUDA device with TF32 tensor cores (compute capability 8.0+): skipped"); \
      return;                                                                           \
    }                                                                                   \
  } while (0)

namespace {

constexpr double kTf32Unit = 1.0 / 2048;      // 2^-11: half a unit in the last of 11 bits
constexpr double kFp32Ulp = 1.0 / (1 << 23);  // one unit in the last place, relative

// x rounded to TF32 (11 significant bits), to nearest with ties away from
// zero, as the cvt.rna.tf32.f32 instruction behind wmma::__float_to_tf32 does.
float round_to_tf32(float x) {
  std::uint32_t bits;
  std::memcpy(&bits, &x, 4);
  bits = (bits + 0x1000u) & 0xffffe000u;
  float y;
  std::memcpy(&y, &bits, 4);
  return y;
}

float op(const Tensor& X, bool trans, int row, int col) {
  return trans ? X.at(col, row) : X.at(row, col);
}

struct Case {
  int M, N, K;
};

struct Errors {
  double worst_over_bound = 0;  // max over elements of |error| / bound (must be <= 1)
  double worst_exact_tf32 = 0;  // the same against the product of the rounded inputs
  double relative_to_fp32 = 0;  // max |error| / max |C|, against the FP32 product
};

// Runs `kernel` on C = alpha op(A) op(B) + beta C and measures it against
// the double oracles. `input_error` is the bound on an input's relative
// rounding error (u for round-to-nearest).
Errors measure(GemmKernel kernel, bool ta, bool tb, Case s, float alpha, float beta, Rng& rng,
               double input_error) {
  // Stored as they are passed (A is K x M when transposed); at least one
  // row and column, so that K = 0 still has valid strides.
  const int a_rows = ta ? s.K : s.M, a_cols = ta ? s.M : s.K;
  const int b_rows = tb ? s.N : s.K, b_cols = tb ? s.K : s.N;
  const Tensor A = test::random_tensor({std::max(a_rows, 1), std::max(a_cols, 1)}, rng);
  const Tensor B = test::random_tensor({std::max(b_rows, 1), std::max(b_cols, 1)}, rng);
  const Tensor C0 = test::random_tensor({s.M, s.N}, rng);
  cuda::DeviceTensor dA(A), dB(B), dC(C0);
  cuda::sgemm(kernel, ta ? Transpose::Yes : Transpose::No, tb ? Transpose::Yes : Transpose::No, s.M,
              s.N, s.K, alpha, dA.data(), std::max(a_cols, 1), dB.data(), std::max(b_cols, 1), beta,
              dC.data(), s.N);
  const Tensor got = dC.to_host();
  const double product_error = 2 * input_error + input_error * input_error;
  Errors e;
  double largest = 0, worst = 0;
  for (int i = 0; i < s.M; ++i)
    for (int j = 0; j < s.N; ++j) {
      double exact = 0, rounded = 0, magnitude = 0;
      for (int k = 0; k < s.K; ++k) {
        const double a = op(A, ta, i, k), b = op(B, tb, k, j);
        exact += a * b;
        rounded += double(round_to_tf32(float(a))) * round_to_tf32(float(b));
        magnitude += std::fabs(a * b);
      }
      const double c0 = C0.at(i, j), have = got.at(i, j);
      const double want = alpha * exact + beta * c0;
      const double want_tf32 = alpha * rounded + beta * c0;
      const double accumulation = std::fabs(alpha) * magnitude * (s.K + 2) * kFp32Ulp +
                                  std::fabs(beta * c0) * 2 * kFp32Ulp + 1e-30;
      const double bound = std::fabs(alpha) * magnitude * product_error + accumulation;
      e.worst_over_bound = std::max(e.worst_over_bound, std::fabs(have - want) / bound);
      e.worst_exact_tf32 = std::max(e.worst_exact_tf32, std::fabs(have - want_tf32) / accumulation);
      largest = std::max(largest, std::fabs(want));
      worst = std::max(worst, std::fabs(have - want));
    }
  e.relative_to_fp32 = worst / std::max(largest, 1e-30);
  return e;
}

const std::vector<Case> kCases{{1, 1, 1},      {7, 13, 5},     {130, 67, 129},
                               {128, 256, 64}, {33, 300, 9},   {5, 4, 0},
                               {32, 9, 700},   {257, 129, 40}, {64, 7744 / 8, 288}};

}  // namespace

TEST_CASE("cuda sgemm tensor cores: within the TF32 bound, exact on rounded inputs", "[gpu]") {
  NN_REQUIRE_TENSOR_CORES();
  Rng rng(21);
  for (bool ta : {false, true})
    for (bool tb : {false, true})
      for (const Case& c : kCases)
        for (auto [alpha, beta] : {std::pair{1.0f, 0.0f}, std::pair{0.5f, 2.0f}}) {
          const Errors e = measure(GemmKernel::TensorCore, ta, tb, c, alpha, beta, rng, kTf32Unit);
          INFO("tensor-core " << c.M << "x" << c.N << "x" << c.K << " transA " << ta << " transB "
                              << tb << " beta " << beta);
          CHECK(e.worst_over_bound <= 1.0);
          CHECK(e.worst_exact_tf32 <= 1.0);
        }
}

TEST_CASE("cuda sgemm tensor cores: the inputs really are rounded to TF32", "[gpu]") {
  NN_REQUIRE_TENSOR_CORES();
  Rng rng(22);
  const Errors tc =
      measure(GemmKernel::TensorCore, false, false, {96, 96, 512}, 1, 0, rng, kTf32Unit);
  const Errors fp32 =
      measure(GemmKernel::RegisterBlocked, false, false, {96, 96, 512}, 1, 0, rng, kTf32Unit);
  INFO("relative error against FP32: tensor cores " << tc.relative_to_fp32 << ", FP32 rung "
                                                    << fp32.relative_to_fp32);
  CHECK(fp32.relative_to_fp32 < 1e-5);  // what sgemm_test.cpp asks of the FP32 rungs
  CHECK(tc.relative_to_fp32 > 1e-5);    // TF32 cannot meet it ...
  CHECK(tc.relative_to_fp32 < 1e-2);    // ... but stays close
}

TEST_CASE("cuda sgemm cuBLAS TF32: within the TF32 bound", "[gpu]") {
  NN_REQUIRE_TENSOR_CORES();
  // cuBLAS does not document whether it rounds or truncates to TF32:
  // truncation moves an input by up to 2^-10, twice the rounding bound.
  Rng rng(23);
  for (bool ta : {false, true})
    for (bool tb : {false, true})
      for (const Case& c : kCases) {
        const Errors e = measure(GemmKernel::CublasTf32, ta, tb, c, 0.5f, 2.0f, rng, 2 * kTf32Unit);
        INFO("cublas-tf32 " << c.M << "x" << c.N << "x" << c.K << " transA " << ta << " transB "
                            << tb);
        CHECK(e.worst_over_bound <= 1.0);
      }
}
