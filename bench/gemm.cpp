// bench_gemm: GFLOP/s of nn::sgemm against OpenBLAS's cblas_sgemm.
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

void bench_shape(Shape s, int threads, int reps) {
  std::mt19937 gen(42);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> A(static_cast<size_t>(s.M) * s.K), B(static_cast<size_t>(s.K) * s.N),
      C(static_cast<size_t>(s.M) * s.N);
  for (float& x : A) x = uniform(gen);
  for (float& x : B) x = uniform(gen);
  const double flops = 2.0 * s.M * s.N * s.K;

  nn::set_threads(threads);
  const double ours = flops / 1e9 / best_seconds(reps, [&] {
                        nn::sgemm(nn::Transpose::No, nn::Transpose::No, s.M, s.N, s.K, 1.0f,
                                  A.data(), s.K, B.data(), s.N, 0.0f, C.data(), s.N);
                      });
  char shape[40];
  std::snprintf(shape, sizeof shape, "%dx%dx%d", s.M, s.N, s.K);
#ifdef NN_HAVE_OPENBLAS
  openblas_set_num_threads(threads);
  const double theirs = flops / 1e9 / best_seconds(reps, [&] {
                          cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, s.M, s.N, s.K,
                                      1.0f, A.data(), s.K, B.data(), s.N, 0.0f, C.data(), s.N);
                        });
  std::printf("| %-16s | %7d | %12.1f | %16.1f | %5.2f |\n", shape, threads, ours, theirs,
              ours / theirs);
#else
  std::printf("| %-16s | %7d | %12.1f | %16s | %5s |\n", shape, threads, ours, "n/a", "n/a");
#endif
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
}
