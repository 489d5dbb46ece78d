// bench_cifar: training speed (samples/s) of chapter 08's three CIFAR-10
// nets, ours against PyTorch on the CPU, printed as one table.
//
//   bench_cifar [--quick] [--threads N] [--samples N] [--no-torch]
//
// The nets are chapters/08-cnn-cifar/nets.cpp's (chapter 07's ConvNet in
// colour, 6 conv + batch norm, ResNet-20), trained on random [N, 3, 32, 32]
// data with batch 128, SGD with momentum 0.9 and softmax cross-entropy, in
// training mode (batch norm on batch statistics). PyTorch's side is
// bench/cifar_torch.py, which builds the same torch.nn.Sequential from the
// net's architecture string (tools/torch_load_check.py's syntax), run with
// OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=t as bench_train does. Both time
// the training loop only, after one warm-up step.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "nets.hpp"
#include "nn/allocator.hpp"
#include "nn/gemm.hpp"
#include "nn/loss.hpp"
#include "nn/optim.hpp"

using namespace nn;

namespace {

double ours(const ch08::Net& net, int samples) {
  Rng rng(42);
  Sequential model = ch08::build(net.key, rng);
  Tensor x({128, 3, 32, 32}), y({128});
  init_normal(x, 0, 1, rng);
  for (float& v : y.values()) v = static_cast<float>(rng.integer(10));
  SoftmaxCrossEntropy loss;
  Momentum sgd(model.parameters(), 0.01f, 0.9f);
  auto step = [&] {
    sgd.zero_grad();
    loss.forward(model.forward(x), y);
    model.backward(loss.backward());
    sgd.step();
  };
  step();  // warm-up: first-touch allocations
  const auto t0 = std::chrono::steady_clock::now();
  int seen = 0;
  for (; seen < samples; seen += 128) step();
  return seen / std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

double torch(const ch08::Net& net, int threads, int samples) {
  const std::string command = "OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=" + std::to_string(threads) +
                              " /usr/bin/python3 " NN_SOURCE_DIR "/bench/cifar_torch.py '" +
                              net.torch_architecture + "' " + std::to_string(threads) + " " +
                              std::to_string(samples);
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return -1;
  double sps = -1;
  if (std::fscanf(pipe, "%lf", &sps) != 1) sps = -1;
  pclose(pipe);
  return sps;
}

}  // namespace

int main(int argc, char** argv) {
  int samples = 1280, threads = 2;
  bool use_torch = true;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick"))
      samples = 128;
    else if (!std::strcmp(argv[i], "--no-torch"))
      use_torch = false;
    else if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--samples") && i + 1 < argc)
      samples = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr,
                   "usage: bench_cifar [--quick] [--threads N] [--samples N] [--no-torch]\n");
      return 2;
    }
  }
  keep_freed_memory();  // as the chapters do (nn/allocator.hpp)
  set_threads(threads);
  std::printf("| net    | threads | ours smp/s | PyTorch smp/s | ratio |\n");
  std::printf("|--------|---------|------------|---------------|-------|\n");
  for (const ch08::Net& net : ch08::nets()) {
    const double a = ours(net, samples);
    const double b = use_torch ? torch(net, threads, samples) : -1;
    if (b > 0)
      std::printf("| %-6s | %7d | %10.1f | %13.1f | %5.2f |\n", net.key.c_str(), threads, a, b,
                  a / b);
    else
      std::printf("| %-6s | %7d | %10.1f | %13s | %5s |\n", net.key.c_str(), threads, a, "-", "-");
    std::fflush(stdout);
  }
}
