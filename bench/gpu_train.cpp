// bench_gpu_train: training throughput of the chapter 07 ConvNet (batch 64,
// Adam lr 1e-3, softmax cross-entropy) on the GPU, against our CPU code with
// 2 threads on the same machine and against PyTorch eager on the same GPU
// (bench/train_torch_gpu.py, FP32 with TF32 off). One Markdown table.
//
//   bench_gpu_train [--quick] [--samples N] [--cpu-samples N] [--no-torch]
//
// Targets (issue 5): GPU >= 10x our CPU at 2 threads, >= 0.8x PyTorch.
// Both GPU runs copy each batch from host memory (as a data loader would)
// and read the loss back every step; 20 warm-up steps are not timed. Data:
// MNIST where datasets/cache/mnist exists, else random MNIST-shaped data.
// Without a CUDA device it times the CPU only and says so.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "nn/cuda/sgemm.hpp"
#include "nn/cuda/train.hpp"
#include "nn/data/mnist.hpp"
#include "nn/gemm.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"
#include "nn/loss.hpp"
#include "nn/optim.hpp"
#include "nn/stopwatch.hpp"

using namespace nn;

namespace {

const std::string kMnistDir = std::string(NN_SOURCE_DIR) + "/datasets/cache/mnist";
const std::string kTorchScript = std::string(NN_SOURCE_DIR) + "/bench/train_torch_gpu.py";

Sequential convnet(Rng& rng) {  // chapters/07-cnn-mnist/main.cpp
  Sequential m;
  m.add<Conv2D>(1, 32, 3, rng);
  m.add<ReLU>();
  m.add<MaxPool2D>(2);
  m.add<Conv2D>(32, 64, 3, rng);
  m.add<ReLU>();
  m.add<MaxPool2D>(2);
  m.add<Flatten>();
  m.add<Dense>(64 * 5 * 5, 128, rng, true);
  m.add<ReLU>();
  m.add<Dense>(128, 10, rng);
  return m;
}

Dataset training_data(int samples) {
  if (std::filesystem::exists(kMnistDir)) return load_mnist(kMnistDir, true, samples);
  Rng rng(1);
  Dataset d;
  d.x = Tensor({samples, 1, 28, 28});
  d.y = Tensor({samples});
  for (float& v : d.x.values()) v = rng.uniform(0.0f, 1.0f);
  for (float& v : d.y.values()) v = static_cast<float>(rng.integer(10));
  return d;
}

double cpu_samples_per_second(const Dataset& data, int threads) {
  set_threads(threads);
  Rng rng(42);
  Sequential model = convnet(rng);
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
  Sequential cpu = convnet(rng);
  cuda::Sequential model(cpu);
  cuda::SoftmaxCrossEntropy loss;
  cuda::Adam adam(model.parameters(), 1e-3f);
  cuda::fit(model, data, loss, adam, {.epochs = 1, .seed = 7, .max_steps = 20, .quiet = true});
  const auto r = cuda::fit(model, data, loss, adam, {.epochs = 1, .seed = 7, .quiet = true});
  return r.samples / r.seconds;
}

// PyTorch's figure, or a negative number and the reason.
double torch_samples_per_second(int samples, std::string& why) {
  const char* python = std::getenv("NN_PYTHON");
  const std::string command = fmt::format("'{}' '{}' {} 2>&1", python ? python : "python3",
                                          kTorchScript, samples);
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

}  // namespace

int main(int argc, char** argv) try {
  int samples = 60000, cpu_samples = 6400;
  bool torch = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--quick") samples = 640, cpu_samples = 320, torch = false;
    else if (a == "--samples" && i + 1 < argc) samples = std::max(640, std::atoi(argv[++i]));
    else if (a == "--cpu-samples" && i + 1 < argc) cpu_samples = std::max(64, std::atoi(argv[++i]));
    else if (a == "--no-torch") torch = false;
    else {
      fmt::print(stderr, "usage: {} [--quick] [--samples N] [--cpu-samples N] [--no-torch]\n", argv[0]);
      return 2;
    }
  }
  const bool gpu = cuda::device_available();
  fmt::print("device: {}\ndata: {}, ConvNet batch 64, Adam lr 1e-3\n\n", cuda::device_description(),
             std::filesystem::exists(kMnistDir) ? "MNIST" : "random MNIST-shaped");
  const double cpu = cpu_samples_per_second(training_data(cpu_samples), 2);
  fmt::print("| {:<36} | {:>10} | {:>10} |\n", "run", "samples/s", "vs CPU x2");
  fmt::print("|--------------------------------------|------------|------------|\n");
  fmt::print("| {:<36} | {:10.0f} | {:>10} |\n", fmt::format("ours, CPU, 2 threads ({} samples)", cpu_samples), cpu, "1.0");
  if (!gpu) {
    fmt::print("\nno CUDA device: the GPU rows are not measured\n");
    return 0;
  }
  const Dataset data = training_data(samples);
  const double ours = gpu_samples_per_second(data, cuda::GemmKernel::RegisterBlocked);
  const double ours_cublas = gpu_samples_per_second(data, cuda::GemmKernel::Cublas);
  cuda::set_layer_gemm(cuda::GemmKernel::RegisterBlocked);
  fmt::print("| {:<36} | {:10.0f} | {:10.1f} |\n", "ours, GPU, register-blocked SGEMM", ours, ours / cpu);
  fmt::print("| {:<36} | {:10.0f} | {:10.1f} |\n", "ours, GPU, cuBLAS SGEMM", ours_cublas, ours_cublas / cpu);
  if (torch) {
    std::string why;
    const double theirs = torch_samples_per_second(samples, why);
    if (theirs > 0) {
      fmt::print("| {:<36} | {:10.0f} | {:10.1f} |\n", "PyTorch eager, GPU (FP32, no TF32)", theirs, theirs / cpu);
      fmt::print("\nours / PyTorch: {:.2f} (register-blocked), {:.2f} (cuBLAS)\n", ours / theirs,
                 ours_cublas / theirs);
    } else {
      fmt::print("\nPyTorch on the GPU not measured: {}\n", why);
    }
  }
} catch (const std::exception& e) {
  fmt::print(stderr, "bench_gpu_train: {}\n", e.what());
  return 1;
}
