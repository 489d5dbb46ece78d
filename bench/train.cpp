// bench_train: training speed (samples/s) and peak memory of three MNIST
// models against PyTorch on the CPU, printed as one table.
//
//   bench_train [--quick] [--threads N] [--epochs-samples N] [--no-torch]
//
// Models, batch 64, plain SGD (lr 0.01), softmax cross-entropy:
//   mlp      784-128-64-10 with ReLU
//   lenet    conv 5x5 1->8, ReLU, maxpool 2, conv 5x5 8->16, ReLU, maxpool 2,
//            flatten 256, dense 120, ReLU, 84, ReLU, 10
//   convnet  the chapter 07 ConvNet (conv 3x3 1->32, ..., dense 1600->128->10)
//
// Each (model, threads) run is a child process, so that its peak resident
// memory (getrusage ru_maxrss) is its own and runs do not warm each other's
// caches or allocator. Our child is this program run again with --child;
// PyTorch's is bench/train_torch.py, run with /usr/bin/python3 and
// OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=t (Debian's torch calls a threaded
// OpenBLAS that ignores torch.set_num_threads; left alone, its 2-thread runs
// would oversubscribe two cores). Both train on the real MNIST training set
// when datasets/cache/mnist exists, otherwise on random MNIST-shaped data,
// and both time the training loop only (not loading the data).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "nn/allocator.hpp"
#include "nn/data/mnist.hpp"
#include "nn/gemm.hpp"
#include "nn/layers/activations.hpp"
#include "nn/layers/conv2d.hpp"
#include "nn/layers/dense.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/pooling.hpp"
#include "nn/loss.hpp"
#include "nn/models/mnist.hpp"
#include "nn/optim.hpp"
#include "nn/sequential.hpp"
#include "training_data.hpp"

using namespace nn;
using bench::kMnistDir;
using bench::training_data;

namespace {

const std::string kTorchScript = std::string(NN_SOURCE_DIR) + "/bench/train_torch.py";

Sequential make_model(const std::string& name, Rng& rng) {
  Sequential m;
  if (name == "mlp") {
    m.add<Flatten>();
    m.add<Dense>(784, 128, rng, true);
    m.add<ReLU>();
    m.add<Dense>(128, 64, rng, true);
    m.add<ReLU>();
    m.add<Dense>(64, 10, rng);
  } else if (name == "lenet") {
    m.add<Conv2D>(1, 8, 5, rng);  // -> [N, 8, 24, 24]
    m.add<ReLU>();
    m.add<MaxPool2D>(2);           // -> [N, 8, 12, 12]
    m.add<Conv2D>(8, 16, 5, rng);  // -> [N, 16, 8, 8]
    m.add<ReLU>();
    m.add<MaxPool2D>(2);  // -> [N, 16, 4, 4]
    m.add<Flatten>();     // -> [N, 256]
    m.add<Dense>(256, 120, rng, true);
    m.add<ReLU>();
    m.add<Dense>(120, 84, rng, true);
    m.add<ReLU>();
    m.add<Dense>(84, 10, rng);
  } else {  // convnet
    m = mnist_convnet(rng);
  }
  return m;
}

// The child: trains one model for `samples` samples, prints "sps peak_mb".
int child(const std::string& model_name, int threads, int samples) {
  keep_freed_memory();  // as the chapters do (nn/allocator.hpp)
  set_threads(threads);
  const Dataset data = training_data(samples);
  Rng rng(42);
  Sequential model = make_model(model_name, rng);
  SoftmaxCrossEntropy loss;
  SGD sgd(model.parameters(), 0.01f);
  DataLoader loader(data, 64, /*shuffle=*/true, Rng(7));
  loader.start_epoch();
  Batch batch;
  const auto t0 = std::chrono::steady_clock::now();
  int seen = 0;
  while (loader.next(batch)) {
    sgd.zero_grad();
    loss.forward(model.forward(batch.x), batch.y);
    model.backward(loss.backward(), /*input_gradient=*/false);  // as nn::fit does
    sgd.step();
    seen += batch.x.rows();
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("%.1f %.1f\n", seen / s, ru.ru_maxrss / 1024.0);  // ru_maxrss is in KiB
  return 0;
}

struct Result {
  double sps = 0, mb = 0;
  bool ok = false;
};

// Runs a command that prints "sps peak_mb" on its last line.
Result run(const std::string& command) {
  Result r;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return r;
  char line[256];
  while (std::fgets(line, sizeof line, p))
    if (std::sscanf(line, "%lf %lf", &r.sps, &r.mb) == 2) r.ok = true;
  r.ok = pclose(p) == 0 && r.ok;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, torch = true;
  int samples = 60000;
  std::vector<int> thread_counts{1, 2};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--child" && i + 3 < argc)
      return child(argv[i + 1], std::atoi(argv[i + 2]), std::atoi(argv[i + 3]));
    if (a == "--quick") {
      quick = true;
    } else if (a == "--no-torch") {
      torch = false;
    } else if (a == "--threads" && i + 1 < argc) {
      thread_counts = {std::max(1, std::atoi(argv[++i]))};
    } else if (a == "--epochs-samples" && i + 1 < argc) {
      samples = std::max(64, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--threads N] [--epochs-samples N] [--no-torch]\n",
                   argv[0]);
      return 2;
    }
  }
  if (quick) samples = 640;
  const std::string data = std::filesystem::exists(kMnistDir) ? "MNIST" : "random MNIST-shaped";
  std::printf("%d samples of %s data, batch 64, SGD lr 0.01\n\n", samples, data.c_str());
  std::printf("| %-8s | %7s | %10s | %13s | %5s | %12s | %15s |\n", "model", "threads",
              "ours smp/s", "PyTorch smp/s", "ratio", "ours peak MB", "PyTorch peak MB");
  std::printf(
      "|----------|---------|------------|---------------|-------|--------------|---------"
      "--------|\n");
  std::fflush(stdout);
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  for (const char* model : {"mlp", "lenet", "convnet"})
    for (int t : thread_counts) {
      const std::string args =
          std::string(model) + " " + std::to_string(t) + " " + std::to_string(samples);
      const Result ours = run("'" + self + "' --child " + args);
      Result theirs;
      if (torch)
        theirs = run("OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=" + std::to_string(t) +
                     " /usr/bin/python3 '" + kTorchScript + "' " + args + " 2>/dev/null");
      char their_sps[32] = "n/a", ratio[32] = "n/a", their_mb[32] = "n/a";
      if (theirs.ok) {
        std::snprintf(their_sps, sizeof their_sps, "%.0f", theirs.sps);
        std::snprintf(ratio, sizeof ratio, "%.2f", ours.sps / theirs.sps);
        std::snprintf(their_mb, sizeof their_mb, "%.0f", theirs.mb);
      }
      std::printf("| %-8s | %7d | %10.0f | %13s | %5s | %12.0f | %15s |\n", model, t, ours.sps,
                  their_sps, ratio, ours.mb, their_mb);
      std::fflush(stdout);
      if (!ours.ok) return 1;
    }
}
