// bench_gpu_gemm: the SGEMM ladder of cuda/nn/cuda/sgemm/ against cuBLAS
// (FP32, no TF32), printed as one Markdown table for bench/RESULTS.md.
//
//   bench_gpu_gemm [--quick] [--reps N]
//
// Shapes: squares 512 .. 4096 (the target: our best >= 0.6 of cuBLAS at
// 4096^3 on the H100) and the three largest products of one ConvNet training
// step. Each kernel runs once to warm up, then `reps` times between two CUDA
// events; GFLOP/s = 2 M N K / time. Every result is checked against cuBLAS's
// (relative difference printed). Without a CUDA device it says so, exits 0.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "nn/cuda/sgemm.hpp"
#include "nn/cuda/tensor.hpp"
#include "nn/cuda/timer.hpp"
#include "nn/random.hpp"

using namespace nn;
using cuda::GemmKernel;

struct Shape3 {
  int M, N, K;
  const char* what;
};

int main(int argc, char** argv) try {
  bool quick = false;
  int reps = 10;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick")
      quick = true;
    else if (a == "--reps" && i + 1 < argc)
      reps = std::max(1, std::atoi(argv[++i]));
    else {
      fmt::print(stderr, "usage: {} [--quick] [--reps N]\n", argv[0]);
      return 2;
    }
  }
  if (!cuda::device_available()) {
    fmt::print("bench_gpu_gemm: {}: nothing to measure\n", cuda::device_description());
    return 0;
  }
  fmt::print("device: {}\n\n", cuda::device_description());
  std::vector<Shape3> shapes{{512, 512, 512, "square"},    {1024, 1024, 1024, "square"},
                             {2048, 2048, 2048, "square"}, {4096, 4096, 4096, "square"},
                             {64, 7744, 288, "conv2 fwd"}, {32, 43264, 9, "conv1 fwd"},
                             {288, 7744, 64, "conv2 dx"}};
  if (quick) shapes = {{256, 256, 256, "square"}, {64, 7744, 288, "conv2 fwd"}};
  fmt::print("| {:<16} | {:<9} | {:<16} | {:>9} | {:>9} | {:>8} | {:>8} |\n", "M x N x K", "what",
             "kernel", "ms", "GFLOP/s", "/cuBLAS", "rel.err");
  fmt::print(
      "|------------------|-----------|------------------|-----------|-----------|----------|------"
      "----|\n");
  Rng rng(1);
  for (const Shape3& s : shapes) {
    Tensor a({s.M, s.K}), b({s.K, s.N});
    for (float& v : a.values()) v = rng.uniform(-1, 1);
    for (float& v : b.values()) v = rng.uniform(-1, 1);
    cuda::DeviceTensor da(a), db(b), dc({s.M, s.N});
    double cublas_gflops = 0;
    Tensor want;
    for (GemmKernel k :
         {GemmKernel::Cublas, GemmKernel::Naive, GemmKernel::Tiled, GemmKernel::RegisterBlocked}) {
      auto run = [&] {
        cuda::sgemm(k, Transpose::No, Transpose::No, s.M, s.N, s.K, 1, da.data(), s.K, db.data(),
                    s.N, 0, dc.data(), s.N);
      };
      run();
      const int r = k == GemmKernel::Naive ? std::max(1, reps / 5) : reps;
      cuda::EventTimer timer;
      timer.start();
      for (int i = 0; i < r; ++i) run();
      const double ms = timer.stop_ms() / r;
      const double gflops = 2.0 * s.M * s.N * s.K / (ms * 1e6);
      const Tensor got = dc.to_host();
      if (k == GemmKernel::Cublas) cublas_gflops = gflops, want = got;
      double diff = 0, scale = 0;
      for (std::size_t i = 0; i < got.size(); ++i) {
        diff = std::max(diff, double(std::fabs(got[i] - want[i])));
        scale = std::max(scale, double(std::fabs(want[i])));
      }
      fmt::print("| {:<16} | {:<9} | {:<16} | {:9.3f} | {:9.1f} | {:8.2f} | {:8.1e} |\n",
                 fmt::format("{}x{}x{}", s.M, s.N, s.K), s.what, cuda::gemm_name(k), ms, gflops,
                 gflops / cublas_gflops, diff / std::max(scale, 1e-30));
      std::fflush(stdout);
    }
  }
} catch (const std::exception& e) {
  fmt::print(stderr, "bench_gpu_gemm: {}\n", e.what());
  return 1;
}
