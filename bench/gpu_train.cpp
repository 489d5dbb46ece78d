// bench_gpu_train: training throughput on the GPU, against our CPU code with
// 2 threads on the same machine and against PyTorch eager on the same GPU
// (FP32 with TF32 off). Two Markdown tables:
//
//  1. the chapter 07 ConvNet (batch 64, Adam lr 1e-3, softmax cross-entropy)
//     on MNIST where datasets/cache/mnist exists, else random MNIST-shaped
//     data; PyTorch's side is bench/train_torch_gpu.py. Each batch is copied
//     from host memory (as a data loader would), 20 warm-up steps untimed.
//  2. chapter 08's three nets (chapters/08-cnn-cifar/nets.cpp: the ConvNet in
//     colour, 6 conv + batch norm, ResNet-20) on one random [128, 3, 32, 32]
//     batch, SGD with momentum 0.9 (lr 0.01), as bench_cifar trains them on
//     the CPU; the batch is copied in every step, 20 warm-up steps untimed.
//     PyTorch's side is bench/cifar_torch_gpu.py (the same architecture
//     strings, the same per-step copy and loss read-back).
//
//   bench_gpu_train [--quick] [--samples N] [--cpu-samples N] [--cifar-steps N] [--no-torch]
//
// Targets (issue 5): GPU >= 10x our CPU at 2 threads, >= 0.8x PyTorch.
// Every GPU step reads the loss back (one small synchronisation), as the
// PyTorch scripts do with loss.item().
// Without a CUDA device it times the ConvNet on the CPU only and says so.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "nets.hpp"
#include "nn/allocator.hpp"
#include "nn/cuda/sgemm.hpp"
#include "nn/cuda/train.hpp"
#include "nn/data/mnist.hpp"
#include "nn/gemm.hpp"
#include "nn/loss.hpp"
#include "nn/models/mnist.hpp"
#include "nn/optim.hpp"
#include "nn/stopwatch.hpp"
#include "training_data.hpp"

using namespace nn;
using bench::kMnistDir;
using bench::training_data;

namespace {

const std::string kTorchScript = std::string(NN_SOURCE_DIR) + "/bench/train_torch_gpu.py";
const std::string kCifarTorchScript = std::string(NN_SOURCE_DIR) + "/bench/cifar_torch_gpu.py";

double cpu_samples_per_second(const Dataset& data, int threads) {
  set_threads(threads);
  Rng rng(42);
  Sequential model = mnist_convnet(rng);
  SoftmaxCrossEntropy loss;
  Adam adam(model.parameters(), 1e-3f);
  DataLoader loader(data, 64, true, Rng(7));
  loader.start_epoch();
  Batch batch;
  int seen = 0;
  Stopwatch clock;
  while (loader.next(batch)) {
    adam.zero_grad();
    loss.forward(model.forward(batch.x), batch.y);
    model.backward(loss.backward());
    adam.step();
    seen += batch.x.rows();
  }
  return seen / clock.seconds();
}

double gpu_samples_per_second(const Dataset& data, cuda::GemmKernel gemm) {
  cuda::set_layer_gemm(gemm);
  Rng rng(42);
  Sequential cpu = mnist_convnet(rng);
  cuda::Sequential model(cpu);
  cuda::SoftmaxCrossEntropy loss;
  cuda::Adam adam(model.parameters(), 1e-3f);
  cuda::fit(model, data, loss, adam, {.epochs = 1, .seed = 7, .max_steps = 20, .quiet = true});
  const auto r = cuda::fit(model, data, loss, adam, {.epochs = 1, .seed = 7, .quiet = true});
  return r.samples / r.seconds;
}

// PyTorch's figure from one of its scripts (the arguments already quoted),
// or a negative number and the reason.
double torch_samples_per_second(const std::string& script, const std::string& args,
                                std::string& why) {
  const char* python = std::getenv("NN_PYTHON");
  const std::string command =
      fmt::format("'{}' '{}' {} 2>&1", python ? python : "python3", script, args);
  FILE* p = popen(command.c_str(), "r");
  if (!p) return why = "cannot run python3", -1;
  char line[512];
  double sps = -1;
  while (std::fgets(line, sizeof line, p)) {
    if (std::sscanf(line, "samples_per_second %lf", &sps) != 1) why = line;
  }
  if (pclose(p) != 0) sps = -1;
  while (!why.empty() && (why.back() == '\n' || why.back() == '\r')) why.pop_back();
  return sps;
}

// --- Chapter 08's nets -------------------------------------------------------

constexpr int kCifarBatch = 128;

Batch random_cifar_batch() {
  Rng rng(43);
  Batch b{Tensor({kCifarBatch, 3, 32, 32}), Tensor({kCifarBatch})};
  init_normal(b.x, 0, 1, rng);
  for (float& v : b.y.values()) v = static_cast<float>(rng.integer(10));
  return b;
}

// Our CPU code, 2 threads: one warm-up step, then `steps` timed.
double cifar_cpu_samples_per_second(const ch08::Net& net, const Batch& batch, int steps) {
  set_threads(2);
  Rng rng(42);
  Sequential model = ch08::build(net.key, rng);
  SoftmaxCrossEntropy loss;
  Momentum sgd(model.parameters(), 0.01f, 0.9f);
  auto step = [&] {
    sgd.zero_grad();
    loss.forward(model.forward(batch.x), batch.y);
    model.backward(loss.backward());
    sgd.step();
  };
  step();
  Stopwatch clock;
  for (int s = 0; s < steps; ++s) step();
  return steps * kCifarBatch / clock.seconds();
}

// On the GPU: the same net, mirrored from the CPU's; the batch copied in
// every step; 20 warm-up steps, then `steps` timed.
double cifar_gpu_samples_per_second(const ch08::Net& net, const Batch& batch, int steps,
                                    cuda::GemmKernel gemm) {
  cuda::set_layer_gemm(gemm);
  Rng rng(42);
  Sequential cpu = ch08::build(net.key, rng);
  cuda::Sequential model(cpu);
  cuda::SoftmaxCrossEntropy loss;
  cuda::Momentum sgd(model.parameters(), 0.01f, 0.9f);
  cuda::DeviceBatch device_batch;
  auto step = [&] {
    device_batch.upload(batch, 10);
    cuda::train_step(model, loss, sgd, device_batch);
  };
  for (int s = 0; s < 20; ++s) step();
  NN_CUDA_CHECK(cudaDeviceSynchronize());
  Stopwatch clock;
  for (int s = 0; s < steps; ++s) step();
  NN_CUDA_CHECK(cudaDeviceSynchronize());
  return steps * kCifarBatch / clock.seconds();
}

void cifar_table(int steps, int cpu_steps, bool torch) {
  fmt::print(
      "\nchapter 08 nets: random [{}, 3, 32, 32] batches, SGD momentum 0.9 lr 0.01, "
      "{} GPU steps, {} CPU steps\n\n",
      kCifarBatch, steps, cpu_steps);
  fmt::print("| {:<36} | {:>10} | {:>10} |\n", "run", "samples/s", "vs CPU x2");
  fmt::print("|--------------------------------------|------------|------------|\n");
  const Batch batch = random_cifar_batch();
  std::string after;  // the ratios to PyTorch, printed below the table as in the first
  for (const ch08::Net& net : ch08::nets()) {
    const double cpu = cifar_cpu_samples_per_second(net, batch, cpu_steps);
    const double ours =
        cifar_gpu_samples_per_second(net, batch, steps, cuda::GemmKernel::RegisterBlocked);
    const double ours_cublas =
        cifar_gpu_samples_per_second(net, batch, steps, cuda::GemmKernel::Cublas);
    cuda::set_layer_gemm(cuda::GemmKernel::RegisterBlocked);
    auto row = [&](const std::string& run, double sps) {
      fmt::print("| {:<36} | {:10.0f} | {:10.1f} |\n", net.key + ": " + run, sps, sps / cpu);
    };
    row("ours, CPU, 2 threads", cpu);
    row("ours, GPU, register-blocked", ours);
    row("ours, GPU, cuBLAS", ours_cublas);
    if (torch) {
      std::string why;
      const double theirs = torch_samples_per_second(
          kCifarTorchScript, fmt::format("'{}' {}", net.torch_architecture, steps * kCifarBatch),
          why);
      if (theirs > 0) {
        row("PyTorch eager, GPU, no TF32", theirs);
        after += fmt::format("{}: ours / PyTorch: {:.2f} (register-blocked), {:.2f} (cuBLAS)\n",
                             net.key, ours / theirs, ours_cublas / theirs);
      } else {
        after += fmt::format("{}: PyTorch on the GPU not measured: {}\n", net.key, why);
      }
    }
    std::fflush(stdout);
  }
  if (!after.empty()) fmt::print("\n{}", after);
}

}  // namespace

int main(int argc, char** argv) try {
  keep_freed_memory();  // as the chapters do (nn/allocator.hpp)
  int samples = 60000, cpu_samples = 6400, cifar_steps = 200, cifar_cpu_steps = 2;
  bool torch = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick")
      samples = 640, cpu_samples = 320, cifar_steps = 5, cifar_cpu_steps = 1, torch = false;
    else if (a == "--samples" && i + 1 < argc)
      samples = std::max(640, std::atoi(argv[++i]));
    else if (a == "--cpu-samples" && i + 1 < argc)
      cpu_samples = std::max(64, std::atoi(argv[++i]));
    else if (a == "--cifar-steps" && i + 1 < argc)
      cifar_steps = std::max(1, std::atoi(argv[++i]));
    else if (a == "--no-torch")
      torch = false;
    else {
      fmt::print(
          stderr,
          "usage: {} [--quick] [--samples N] [--cpu-samples N] [--cifar-steps N] [--no-torch]\n",
          argv[0]);
      return 2;
    }
  }
  const bool gpu = cuda::device_available();
  fmt::print("device: {}\ndata: {}, ConvNet batch 64, Adam lr 1e-3\n\n", cuda::device_description(),
             std::filesystem::exists(kMnistDir) ? "MNIST" : "random MNIST-shaped");
  const double cpu = cpu_samples_per_second(training_data(cpu_samples), 2);
  fmt::print("| {:<36} | {:>10} | {:>10} |\n", "run", "samples/s", "vs CPU x2");
  fmt::print("|--------------------------------------|------------|------------|\n");
  fmt::print("| {:<36} | {:10.0f} | {:>10} |\n",
             fmt::format("ours, CPU, 2 threads ({} samples)", cpu_samples), cpu, "1.0");
  if (!gpu) {
    fmt::print("\nno CUDA device: the GPU rows are not measured\n");
    return 0;
  }
  const Dataset data = training_data(samples);
  const double ours = gpu_samples_per_second(data, cuda::GemmKernel::RegisterBlocked);
  const double ours_cublas = gpu_samples_per_second(data, cuda::GemmKernel::Cublas);
  cuda::set_layer_gemm(cuda::GemmKernel::RegisterBlocked);
  fmt::print("| {:<36} | {:10.0f} | {:10.1f} |\n", "ours, GPU, register-blocked SGEMM", ours,
             ours / cpu);
  fmt::print("| {:<36} | {:10.0f} | {:10.1f} |\n", "ours, GPU, cuBLAS SGEMM", ours_cublas,
             ours_cublas / cpu);
  if (torch) {
    std::string why;
    const double theirs = torch_samples_per_second(kTorchScript, std::to_string(samples), why);
    if (theirs > 0) {
      fmt::print("| {:<36} | {:10.0f} | {:10.1f} |\n", "PyTorch eager, GPU (FP32, no TF32)", theirs,
                 theirs / cpu);
      fmt::print("\nours / PyTorch: {:.2f} (register-blocked), {:.2f} (cuBLAS)\n", ours / theirs,
                 ours_cublas / theirs);
    } else {
      fmt::print("\nPyTorch on the GPU not measured: {}\n", why);
    }
  }
  cifar_table(cifar_steps, cifar_cpu_steps, torch);
} catch (const std::exception& e) {
  fmt::print(stderr, "bench_gpu_train: {}\n", e.what());
  return 1;
}
