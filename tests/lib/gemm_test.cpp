#include "nn/gemm.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "nn/gemm/ladder.hpp"

using namespace nn;

namespace {

// One GEMM problem with its matrices stored row-major with padded strides
// (ld = width + pad), so that code which confuses width and stride fails.
struct Problem {
  Transpose ta, tb;
  int M, N, K, lda, ldb, ldc;
  std::vector<float> A, B, C;

  Problem(Transpose ta_, Transpose tb_, int M_, int N_, int K_, int pad, unsigned seed)
      : ta(ta_), tb(tb_), M(M_), N(N_), K(K_) {
    const int a_rows = ta == Transpose::No ? M : K, a_cols = ta == Transpose::No ? K : M;
    const int b_rows = tb == Transpose::No ? K : N, b_cols = tb == Transpose::No ? N : K;
    lda = a_cols + pad;
    ldb = b_cols + pad;
    ldc = N + pad;
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    auto fill = [&](std::vector<float>& v, int rows, int ld) {
      v.resize(static_cast<size_t>(std::max(rows, 1)) * ld);
      for (float& x : v) x = uniform(gen);
    };
    fill(A, a_rows, lda);
    fill(B, b_rows, ldb);
    fill(C, M, ldc);
  }

  std::vector<float> run(float alpha, float beta, bool reference) const {
    return run(reference ? sgemm_reference : sgemm, alpha, beta);
  }
  template <class Gemm>
  std::vector<float> run(Gemm gemm, float alpha, float beta) const {
    std::vector<float> c = C;
    gemm(ta, tb, M, N, K, alpha, A.data(), lda, B.data(), ldb, beta, c.data(), ldc);
    return c;
  }
};

// The rungs of lib/nn/gemm/ (ladder.hpp), each called on its own, and the
// front door. Dot products compute A B^T only: the other transposes skip it.
using Gemm = void (*)(Transpose, Transpose, int, int, int, float, const float*, int, const float*,
                      int, float, float*, int);
struct Rung {
  std::string name;
  Gemm gemm;
  bool only_a_bt;
};
void dots_rung(Transpose, Transpose, int M, int N, int K, float alpha, const float* A, int lda,
               const float* B, int ldb, float beta, float* C, int ldc) {
  gemm::dots(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}
const std::vector<Rung> kRungs = {{"blocked", gemm::blocked, false},
                                  {"packed", gemm::packed, false},
                                  {"dots", dots_rung, true},
                                  {"sgemm", sgemm, false}};
bool runs(const Rung& rung, Transpose ta, Transpose tb) {
  return !rung.only_a_bt || (ta == Transpose::No && tb == Transpose::Yes);
}

// Tolerance. sgemm sums K float products in float (in a blocked order),
// sgemm_reference in double. Each float rounding is at most 2^-24 ~ 6e-8
// relative, and a sum of K terms accumulates at most ~K such errors of the
// size of the running sum, bounded by K * max|a| * max|b| (= K here, as
// entries are in [-1, 1]). So |c - ref| <= K * 6e-8 * K in the very worst
// case; random signs make the real error ~sqrt(K) * 6e-8 * sqrt(K). We allow
// 1e-5 * (K + 1) * scale (scale = |alpha| + |beta|): generous for rounding,
// yet a dropped or doubled product of typical size (|a b| ~ 0.25), let alone
// a wrong row, column or edge tile, is far outside it.
void check_close(const Problem& p, const std::vector<float>& got, const std::vector<float>& want,
                 float alpha, float beta) {
  const double scale = std::fabs(alpha) + std::fabs(beta) + 1e-30;
  const double tol = 1e-5 * (p.K + 1) * scale;
  for (int i = 0; i < p.M; ++i)
    for (int j = 0; j < p.N; ++j) {
      const float g = got[i * p.ldc + j], w = want[i * p.ldc + j];
      if (!(std::fabs(g - w) <= tol)) {
        INFO("C[" << i << "][" << j << "] = " << g << ", reference " << w);
        REQUIRE(std::fabs(g - w) <= tol);
      }
    }
  // The padding between rows of C is never written.
  for (int i = 0; i < p.M; ++i)
    for (int j = p.N; j < p.ldc; ++j) REQUIRE(got[i * p.ldc + j] == p.C[i * p.ldc + j]);
}

const Transpose kNo = Transpose::No, kYes = Transpose::Yes;

}  // namespace

TEST_CASE("the reference is the textbook product", "[gemm]") {
  // [1 2 3; 4 5 6] [1 0; 0 1; 1 1] = [4 5; 10 11], then alpha = 2, beta = 1
  // over C = [1 1; 1 1]; the same with both operands stored transposed.
  const float a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {1, 0, 0, 1, 1, 1};
  const float at[6] = {1, 4, 2, 5, 3, 6}, bt[6] = {1, 0, 1, 0, 1, 1};
  std::vector<float> c = {1, 1, 1, 1};
  sgemm_reference(kNo, kNo, 2, 2, 3, 2.0f, a, 3, b, 2, 1.0f, c.data(), 2);
  CHECK(c == std::vector<float>{9, 11, 21, 23});
  c = {1, 1, 1, 1};
  sgemm_reference(kYes, kYes, 2, 2, 3, 2.0f, at, 2, bt, 3, 1.0f, c.data(), 2);
  CHECK(c == std::vector<float>{9, 11, 21, 23});
}

TEST_CASE("every rung matches the reference on many shapes and all transposes", "[gemm]") {
  struct Shape {
    int M, N, K;
  };
  // Edge tiles in every direction, K slices (K > 384), row and column blocks
  // (M > 480, N > 3072), few rows (B read in place), tiny products, and two
  // convolution weight-gradient shapes (the last two).
  const std::vector<Shape> shapes = {{1, 1, 1},    {7, 5, 3},     {1, 40, 50},    {40, 1, 50},
                                     {33, 65, 17}, {6, 16, 300},  {12, 32, 513},  {13, 33, 257},
                                     {5, 97, 64},  {100, 3, 70},  {64, 200, 288}, {130, 257, 300},
                                     {481, 40, 9}, {17, 4200, 3}, {8, 3100, 400}, {24, 96, 800},
                                     {25, 96, 40}, {9, 27, 4611}, {64, 288, 1210}};
  for (const Shape& s : shapes)
    for (Transpose ta : {kNo, kYes})
      for (Transpose tb : {kNo, kYes}) {
        const int pad = (s.M + s.N) % 3 * 5;  // some strides padded, some not
        Problem p(ta, tb, s.M, s.N, s.K, pad, s.M * 1000 + s.N);
        const std::vector<float> want = p.run(1.0f, 0.0f, true);
        for (const Rung& rung : kRungs) {
          if (!runs(rung, ta, tb)) continue;
          INFO(rung.name << ": M=" << s.M << " N=" << s.N << " K=" << s.K << " transA="
                         << (ta == kYes) << " transB=" << (tb == kYes) << " pad=" << pad);
          check_close(p, p.run(rung.gemm, 1.0f, 0.0f), want, 1.0f, 0.0f);
        }
      }
}

TEST_CASE("every rung applies alpha and beta like BLAS", "[gemm]") {
  // A small product, a packed one, one that sgemm does as dot products (A B^T
  // with few rows and columns and a long K), and a K of zero.
  const std::vector<Problem> problems = {
      Problem(kYes, kNo, 9, 12, 14, 2, 9), Problem(kYes, kNo, 70, 73, 75, 2, 70),
      Problem(kNo, kYes, 10, 30, 1000, 3, 5), Problem(kNo, kYes, 20, 40, 0, 1, 6)};
  for (const Problem& p : problems)
    for (float alpha : {1.0f, -0.5f, 0.0f})
      for (float beta : {0.0f, 1.0f, 0.25f})
        for (const Rung& rung : kRungs) {
          if (!runs(rung, p.ta, p.tb)) continue;
          INFO(rung.name << ": M=" << p.M << " K=" << p.K << " alpha=" << alpha
                         << " beta=" << beta);
          check_close(p, p.run(rung.gemm, alpha, beta), p.run(alpha, beta, true), alpha, beta);
        }
}

TEST_CASE("every rung with beta = 0 overwrites NaN in C", "[gemm]") {
  for (int size : {5, 50}) {
    Problem p(kNo, kNo, size, size, size, 1, 7);
    for (float& c : p.C) c = std::numeric_limits<float>::quiet_NaN();
    for (const Rung& rung : kRungs) {
      INFO(rung.name << ", size " << size);
      const std::vector<float> got = p.run(rung.gemm, 1.0f, 0.0f);
      for (int i = 0; i < size; ++i)
        for (int j = 0; j < size; ++j) REQUIRE(std::isfinite(got[i * p.ldc + j]));
    }
    // K = 0 and alpha = 0 reduce to C = beta * C: also no NaN survives.
    std::vector<float> c = p.C;
    sgemm(kNo, kNo, size, size, 0, 1.0f, p.A.data(), p.lda, p.B.data(), p.ldb, 0.0f, c.data(),
          p.ldc);
    CHECK(c[0] == 0.0f);
    c = p.C;
    sgemm(kNo, kNo, size, size, size, 0.0f, p.A.data(), p.lda, p.B.data(), p.ldb, 0.0f, c.data(),
          p.ldc);
    CHECK(c[p.ldc + 1] == 0.0f);
  }
}

TEST_CASE("sgemm with empty shapes leaves C alone or only scales it", "[gemm]") {
  std::vector<float> c = {1, 2, 3, 4};
  const float a[4] = {1, 1, 1, 1}, b[4] = {1, 1, 1, 1};
  sgemm(kNo, kNo, 0, 2, 2, 1.0f, a, 2, b, 2, 0.0f, c.data(), 2);
  sgemm(kNo, kNo, 2, 0, 2, 1.0f, a, 2, b, 2, 0.0f, c.data(), 2);
  CHECK(c == std::vector<float>{1, 2, 3, 4});
  sgemm(kNo, kNo, 2, 2, 0, 1.0f, a, 2, b, 2, 2.0f, c.data(), 2);
  CHECK(c == std::vector<float>{2, 4, 6, 8});
}

TEST_CASE("sgemm with beta = 1 accumulates products", "[gemm]") {
  // C = A1 B1 + A2 B2 computed as two calls equals one call on [A1 A2] [B1; B2].
  const int M = 37, N = 71, K1 = 40, K2 = 90;
  const Problem whole(kNo, kNo, M, N, K1 + K2, 0, 11);
  std::vector<float> c(static_cast<size_t>(M) * N, 0.0f);
  sgemm(kNo, kNo, M, N, K1, 1.0f, whole.A.data(), whole.lda, whole.B.data(), whole.ldb, 0.0f,
        c.data(), N);
  sgemm(kNo, kNo, M, N, K2, 1.0f, whole.A.data() + K1, whole.lda,
        whole.B.data() + static_cast<size_t>(K1) * whole.ldb, whole.ldb, 1.0f, c.data(), N);
  check_close(whole, c, whole.run(1.0f, 0.0f, true), 1.0f, 0.0f);
}

TEST_CASE("sgemm is bit-identical for 1 and 2 threads", "[gemm]") {
  // Threads split C, never K, so every element is summed in the same order.
  const int saved = threads();
  for (auto [M, N, K] : {std::tuple{200, 150, 300}, std::tuple{64, 2000, 800},
                         std::tuple{500, 40, 70}, std::tuple{16, 200, 3000}}) {
    const Problem p(kNo, kYes, M, N, K, 3, M + N);
    set_threads(1);
    const std::vector<float> one = p.run(0.5f, 0.5f, false);
    set_threads(2);
    const std::vector<float> two = p.run(0.5f, 0.5f, false);
    INFO("M=" << M << " N=" << N << " K=" << K);
    CHECK(one == two);
  }
  set_threads(saved);
}
