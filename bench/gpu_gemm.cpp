// bench_gpu_gemm: the SGEMM ladder of cuda/nn/cuda/sgemm/ against cuBLAS,
// printed as one Markdown table for bench/RESULTS.md. The FP32 rungs are
// compared with cuBLAS in FP32 (no TF32), the tensor-core rung with cuBLAS
// in its TF32 tensor-core mode; the last lines give the two headline ratios
// at the largest square (tools/check-gpu reads them).
//
//   bench_gpu_gemm [--quick] [--reps N]
//
// Shapes: squares 512 .. 4096 (the target: our best >= 0.6 of cuBLAS at
// 4096^3 on the H100) and the three largest products of one ConvNet training
// step. Each kernel runs once to warm up, then `reps` times between two CUDA
// events; GFLOP/s = 2 M N K / time. Every result is compared with cuBLAS's
// FP32 one (relative difference printed: about 1e-7 for the FP32 rungs,
// about 1e-4 for TF32, which rounds the inputs to 11 significant bits). Without a CUDA device it
// says so, exits 0.
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
  std::vector<GemmKernel> kernels{GemmKernel::Cublas, GemmKernel::Naive, GemmKernel::Tiled,
                                  GemmKernel::RegisterBlocked};
  if (cuda::tensor_cores_available())
    kernels.insert(kernels.end(), {GemmKernel::CublasTf32, GemmKernel::TensorCore});
  // The headline: at the largest square, our best FP32 rung / cuBLAS FP32
  // and the tensor-core rung / cuBLAS TF32.
  double best_fp32_ratio = 0, tensor_core_ratio = 0;
  int headline_size = 0;
  Rng rng(1);
  for (const Shape3& s : shapes) {
    Tensor a({s.M, s.K}), b({s.K, s.N});
    for (float& v : a.values()) v = rng.uniform(-1, 1);
    for (float& v : b.values()) v = rng.uniform(-1, 1);
    cuda::DeviceTensor da(a), db(b), dc({s.M, s.N});
    double cublas_gflops = 0, cublas_tf32_gflops = 0;
    Tensor want;
    for (GemmKernel k : kernels) {
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
      if (k == GemmKernel::CublasTf32) cublas_tf32_gflops = gflops;
      // Each rung against the cuBLAS of its own precision.
      const double ratio = gflops / (cuda::is_tf32(k) ? cublas_tf32_gflops : cublas_gflops);
      if (s.M == s.N && s.N == s.K && s.M >= headline_size) {
        if (s.M > headline_size) best_fp32_ratio = tensor_core_ratio = 0, headline_size = s.M;
        if (k == GemmKernel::Naive || k == GemmKernel::Tiled || k == GemmKernel::RegisterBlocked)
          best_fp32_ratio = std::max(best_fp32_ratio, ratio);
        if (k == GemmKernel::TensorCore) tensor_core_ratio = ratio;
      }
      double diff = 0, scale = 0;
      for (std::size_t i = 0; i < got.size(); ++i) {
        diff = std::max(diff, double(std::fabs(got[i] - want[i])));
        scale = std::max(scale, double(std::fabs(want[i])));
      }
      fmt::print("| {:<16} | {:<9} | {:<16} | {:9.3f} | {:9.1f} | {:8.2f} | {:8.1e} |\n",
                 fmt::format("{}x{}x{}", s.M, s.N, s.K), s.what, cuda::gemm_name(k), ms, gflops,
                 ratio, diff / std::max(scale, 1e-30));
      std::fflush(stdout);
    }
  }
  fmt::print("\nat {0}^3: best FP32 rung / cuBLAS FP32: {1:.2f}\n", headline_size, best_fp32_ratio);
  if (cuda::tensor_cores_available())
    fmt::print("at {0}^3: tensor-core rung / cuBLAS TF32: {1:.2f}\n", headline_size,
               tensor_core_ratio);
} catch (const std::exception& e) {
  fmt::print(stderr, "bench_gpu_gemm: {}\n", e.what());
  return 1;
}
