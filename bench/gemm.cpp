// bench_gemm: GFLOP/s of nn::sgemm against OpenBLAS's cblas_sgemm, then of
// each rung of the CPU ladder (lib/nn/gemm/ladder.hpp) on one thread.
//
//   bench_gemm [--quick] [--reps N]
//
// Each shape is run once to warm up (caches, page faults, thread start-up),
// then N times; the best time is reported, the usual convention for kernels
// (it measures the code, not interference from the rest of the machine).
// A GEMM of M x N x K does 2 M N K floating-point operations.
//
// Both libraries' worker threads busy-wait for a while after a parallel call
// (OpenBLAS's for ~0.1 s) before they sleep; on a 2-core machine a spinning
// thread of one library steals a core from the other. So the benchmark
// pauses before each timing to let the other library's threads go to sleep.
#include "nn/gemm.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "nn/gemm/ladder.hpp"

#ifdef NN_HAVE_OPENBLAS
#include <cblas.h>
extern "C" void openblas_set_num_threads(int);
#endif

namespace {

struct Shape {
  int M, N, K;
};

template <class F>
double best_seconds(int reps, F&& run) {
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  run();  // warm-up
  double best = 1e300;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    run();
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
  }
  return best;
}

struct Problem {
  Shape s;
  std::vector<float> A, B, C;
  explicit Problem(Shape shape)
      : s(shape),
        A(static_cast<size_t>(s.M) * s.K),
        B(static_cast<size_t>(s.K) * s.N),
        C(static_cast<size_t>(s.M) * s.N) {
    std::mt19937 gen(42);
    std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
    for (float& x : A) x = uniform(gen);
    for (float& x : B) x = uniform(gen);
  }
  // GFLOP/s of gemm (nn::sgemm's signature) on C = A B.
  template <class Gemm>
  double gflops(int reps, Gemm gemm) {
    const double flops = 2.0 * s.M * s.N * s.K;
    return flops / 1e9 / best_seconds(reps, [&] {
             gemm(nn::Transpose::No, nn::Transpose::No, s.M, s.N, s.K, 1.0f, A.data(), s.K,
                  B.data(), s.N, 0.0f, C.data(), s.N);
           });
  }
  double openblas_gflops(int reps, int threads) {
#ifdef NN_HAVE_OPENBLAS
    openblas_set_num_threads(threads);
    return gflops(reps,
                  [](nn::Transpose, nn::Transpose, int M, int N, int K, float alpha, const float* a,
                     int lda, const float* b, int ldb, float beta, float* c, int ldc) {
                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, alpha, a, lda,
                                b, ldb, beta, c, ldc);
                  });
#else
    (void)reps, (void)threads;
    return 0.0;
#endif
  }
};

std::string shape_name(Shape s) {
  return std::to_string(s.M) + "x" + std::to_string(s.N) + "x" + std::to_string(s.K);
}

void bench_shape(Shape s, int threads, int reps) {
  Problem p(s);
  nn::set_threads(threads);
  const double ours = p.gflops(reps, nn::sgemm);
#ifdef NN_HAVE_OPENBLAS
  const double theirs = p.openblas_gflops(reps, threads);
  std::printf("| %-16s | %7d | %12.1f | %16.1f | %5.2f |\n", shape_name(s).c_str(), threads, ours,
              theirs, ours / theirs);
#else
  std::printf("| %-16s | %7d | %12.1f | %16s | %5s |\n", shape_name(s).c_str(), threads, ours,
              "n/a", "n/a");
#endif
  std::fflush(stdout);
}

// The ladder on one thread. The reference takes seconds a call past 512^3
// multiply-adds, so it is timed only up to there ("-" beyond).
void bench_ladder(Shape s, int reps) {
  Problem p(s);
  nn::set_threads(1);
  const bool time_reference = static_cast<long>(s.M) * s.N * s.K <= 512L * 512 * 512;
  char reference[16] = "-";
  if (time_reference)
    std::snprintf(reference, sizeof reference, "%.1f",
                  p.gflops(std::min(reps, 2), nn::gemm::reference));
  const double blocked = p.gflops(reps, nn::gemm::blocked);
  const double packed = p.gflops(reps, nn::gemm::packed);
  const double sgemm = p.gflops(reps, nn::sgemm);
#ifdef NN_HAVE_OPENBLAS
  char openblas[16];
  std::snprintf(openblas, sizeof openblas, "%.1f", p.openblas_gflops(reps, 1));
#else
  const char* openblas = "n/a";
#endif
  std::printf("| %-16s | %11s | %9.1f | %8.1f | %7.1f | %8s |\n", shape_name(s).c_str(), reference,
              blocked, packed, sgemm, openblas);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  int reps = 5;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick")) {
      quick = true;
    } else if (!std::strcmp(argv[i], "--reps") && i + 1 < argc) {
      reps = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--reps N]\n", argv[0]);
      return 2;
    }
  }
  // Square sizes, and the shape of a convolution after im2col: 64 filters of
  // 3x3x32 (K = 288) over a 224x112 image (N = 25088 output pixels).
  const std::vector<Shape> shapes =
      quick ? std::vector<Shape>{{128, 128, 128}, {256, 256, 256}, {64, 2048, 288}}
            : std::vector<Shape>{{256, 256, 256},
                                 {512, 512, 512},
                                 {1024, 1024, 1024},
                                 {2048, 2048, 2048},
                                 {64, 25088, 288}};
  std::printf("| %-16s | %7s | %12s | %16s | %5s |\n", "shape MxNxK", "threads", "ours GFLOP/s",
              "OpenBLAS GFLOP/s", "ratio");
  std::printf("|%s|%s|%s|%s|%s|\n", std::string(18, '-').c_str(), std::string(9, '-').c_str(),
              std::string(14, '-').c_str(), std::string(18, '-').c_str(),
              std::string(7, '-').c_str());
  for (const Shape& s : shapes)
    for (int threads : {1, 2}) bench_shape(s, threads, reps);

  // The ladder of lib/nn/gemm/ (book chapter 04), GFLOP/s on one thread.
  const std::vector<Shape> ladder =
      quick ? std::vector<Shape>{{128, 128, 128}}
            : std::vector<Shape>{
                  {256, 256, 256}, {512, 512, 512}, {1024, 1024, 1024}, {64, 25088, 288}};
  std::printf("\nThe ladder, 1 thread, GFLOP/s:\n\n");
  std::printf("| %-16s | %11s | %9s | %8s | %7s | %8s |\n", "shape MxNxK", "1 reference",
              "2 blocked", "3 packed", "sgemm", "OpenBLAS");
  std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(18, '-').c_str(), std::string(13, '-').c_str(),
              std::string(11, '-').c_str(), std::string(10, '-').c_str(),
              std::string(9, '-').c_str(), std::string(10, '-').c_str());
  for (const Shape& s : ladder) bench_ladder(s, reps);
}
