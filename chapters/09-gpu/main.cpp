// Chapter 09: the GPU. The SGEMM ladder (naive, tiled, register-blocked)
// against cuBLAS; the chapter 07 ConvNet trained on the CPU and on the GPU
// from the same initial weights, their loss curves side by side; the speed-up.
// Without a CUDA device it says so, runs the CPU half, and exits 0.
// Book page: book/09-gpu.md.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "gpu.hpp"
#include "nn/data/mnist.hpp"
#include "nn/models/mnist.hpp"
#include "nn/optim.hpp"
#include "nn/plot.hpp"
#include "nn/stopwatch.hpp"
#include "nn/summary.hpp"
#include "nn/train.hpp"

using namespace nn;

struct CpuRun {
  std::vector<double> losses;
  double samples_per_second;
};

// `steps` steps of Adam on the CPU, the batches of nn::fit for `seed`.
static CpuRun train_on_cpu(Sequential& model, const Dataset& train, float lr, std::uint64_t seed,
                           int steps) {
  SoftmaxCrossEntropy loss;
  Adam adam(model.parameters(), lr);
  DataLoader loader(train, 64, /*shuffle=*/true, Rng(seed));
  CpuRun run;
  Batch batch;
  int samples = 0;
  Stopwatch clock;
  while (static_cast<int>(run.losses.size()) < steps) {
    loader.start_epoch();
    while (static_cast<int>(run.losses.size()) < steps && loader.next(batch)) {
      adam.zero_grad();
      run.losses.push_back(loss.forward(model.forward(batch.x), batch.y));
      model.backward(loss.backward());
      adam.step();
      samples += batch.x.rows();
    }
  }
  run.samples_per_second = samples / clock.seconds();
  return run;
}

static std::vector<double> step_numbers(std::size_t n) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i + 1);
  return x;
}

int main(int argc, char** argv) try {
  ChapterCli cli("09-gpu", "The GPU: the SGEMM ladder and the ConvNet trained on CPU and GPU",
                 {.epochs = 2, .lr = 1e-3f});
  int steps = 300;
  bool tf32 = false;
  cli.app().add_option("--steps", steps, "CPU-vs-GPU steps compared (and timed on the CPU)");
  cli.app().add_flag("--tf32", tf32,
                     "Also train on tensor cores (TF32 inputs) from the same weights, and plot "
                     "its loss against FP32's");
  if (auto code = cli.parse(argc, argv)) return *code;
  const ChapterOptions& o = cli.options();
  if (o.quick) steps = std::min(steps, 10);
  Stopwatch clock;
  Summary summary("09-gpu", "MNIST");
  const Dataset train = load_mnist(o.data + "/mnist", true, o.quick ? 2000 : 0);
  const Dataset test = load_mnist(o.data + "/mnist", false, o.quick ? 500 : 0);

  const std::string no_gpu = gpu_unavailable_reason();
  if (no_gpu.empty()) {
    fmt::print("GPU: {}\n", gpu_description());
  } else {
    fmt::print(
        "The GPU half of this chapter is skipped:\n  {}\n"
        "The CPU half runs; the book shows what the GPU half prints.\n",
        no_gpu);
  }
  summary.set("gpu", no_gpu.empty());
  summary.set("gpu_device", no_gpu.empty() ? gpu_description() : no_gpu);

  // 1. The SGEMM ladder.
  if (no_gpu.empty()) {
    const std::vector<int> sizes =
        o.quick ? std::vector<int>{128, 256} : std::vector<int>{256, 512, 1024, 2048, 4096};
    const auto rows = sgemm_ladder(sizes, o.quick ? 2 : 10);
    fmt::print("\nSGEMM, M = N = K, GFLOP/s (relative difference from cuBLAS)\n");
    std::vector<Series> curves;
    for (const auto& r : rows) {
      fmt::print("  {:>5}  {:<17} {:9.1f}  ({:.1e})\n", r.size, r.kernel, r.gflops, r.rel_error);
      auto it =
          std::find_if(curves.begin(), curves.end(), [&](auto& s) { return s.label == r.kernel; });
      if (it == curves.end()) it = curves.insert(curves.end(), Series{r.kernel, {}, {}});
      it->x.push_back(r.size);
      it->y.push_back(r.gflops);
      summary.set("gflops_" + r.kernel + "_" + std::to_string(r.size), r.gflops);
    }
    plot_curves(o.out + "/sgemm_ladder.png", "SGEMM ladder: GFLOP/s against matrix size",
                "M = N = K", "GFLOP/s", curves, /*log_y=*/true);
  }

  // 2. The same ConvNet, the same initial weights, on the CPU and the GPU.
  Rng rng(o.seed);
  Sequential cpu_model = mnist_convnet(rng);
  Sequential gpu_model = mnist_convnet(rng);
  for (std::size_t i = 0; i < cpu_model.parameters().size(); ++i)  // same initial weights
    *gpu_model.parameters()[i].value = *cpu_model.parameters()[i].value;
  fmt::print("\nThe chapter 07 ConvNet, {} Adam steps of 64 images on the CPU ({} threads)\n",
             steps, o.threads);
  const CpuRun cpu = train_on_cpu(cpu_model, train, o.lr, o.seed, steps);
  fmt::print("  CPU: {:.0f} samples/s, loss {:.4f} -> {:.4f}\n", cpu.samples_per_second,
             cpu.losses.front(), cpu.losses.back());
  summary.set("cpu_samples_per_second", cpu.samples_per_second);
  summary.set("cpu_threads", o.threads);
  std::vector<Series> loss_curves{{"CPU", step_numbers(cpu.losses.size()), cpu.losses}};

  if (no_gpu.empty()) {
    const TrainRun gpu = train_on_gpu(gpu_model, train, test, o.lr, o.seed, 1, steps);
    double worst = 0;  // over the first 10 steps, where the two must agree
    for (std::size_t s = 0; s < std::min<std::size_t>(10, gpu.losses.size()); ++s)
      worst = std::max(worst, std::fabs(gpu.losses[s] - cpu.losses[s]) / std::fabs(cpu.losses[s]));
    fmt::print(
        "  GPU: {:.0f} samples/s (x{:.1f}), loss {:.4f} -> {:.4f}\n"
        "  first 10 steps: largest relative difference of the losses {:.1e}\n",
        gpu.samples_per_second, gpu.samples_per_second / cpu.samples_per_second, gpu.losses.front(),
        gpu.losses.back(), worst);
    loss_curves.push_back({"GPU", step_numbers(gpu.losses.size()), gpu.losses});
    summary.set("gpu_samples_per_second", gpu.samples_per_second);
    summary.set("speedup", gpu.samples_per_second / cpu.samples_per_second);
    summary.set("first_steps_loss_rel_diff", worst);

    // 3. The full training run, on the GPU only.
    Rng full_rng(o.seed);
    Sequential model = mnist_convnet(full_rng);
    fmt::print("\n{} epochs on the GPU\n", o.epochs);
    const TrainRun full = train_on_gpu(model, train, test, o.lr, o.seed, o.epochs, 0);
    fmt::print("  {:.0f} samples/s, test accuracy {:.4f}\n", full.samples_per_second,
               full.test_accuracy);
    summary.set("test_accuracy", full.test_accuracy);
    std::vector<Series> full_curves{smoothed("FP32", full.losses, 50)};

    // 4. With --tf32: the same run with the products on tensor cores.
    if (tf32 && !tf32_available()) {
      fmt::print("\n--tf32: this GPU has no TF32 tensor cores (compute capability 8.0+ needed)\n");
    } else if (tf32) {
      Rng tf32_rng(o.seed);
      Sequential tf32_model = mnist_convnet(tf32_rng);  // the same initial weights as the FP32 run
      fmt::print("\n{} epochs on the GPU, products on tensor cores (TF32)\n", o.epochs);
      const TrainRun t = train_on_gpu(tf32_model, train, test, o.lr, o.seed, o.epochs, 0, true);
      fmt::print("  {:.0f} samples/s, test accuracy {:.4f} (FP32: {:.4f})\n", t.samples_per_second,
                 t.test_accuracy, full.test_accuracy);
      summary.set("tf32_samples_per_second", t.samples_per_second);
      summary.set("tf32_test_accuracy", t.test_accuracy);
      full_curves.push_back(smoothed("TF32 tensor cores", t.losses, 50));
    }
    plot_curves(o.out + "/gpu_training_loss.png",
                full_curves.size() > 1 ? "ConvNet on the GPU: training loss, FP32 and TF32"
                                       : "ConvNet on the GPU: training loss",
                "step", "loss", full_curves);
  }
  plot_curves(o.out + "/cpu_vs_gpu_loss.png",
              no_gpu.empty()
                  ? "The same ConvNet on CPU and GPU: loss per step"
                  : "ConvNet loss per step on the CPU (no CUDA device for the GPU curve)",
              "step", "loss", loss_curves);
  summary.set("steps", steps);
  summary.set("epochs", o.epochs);
  summary.finish(o.out, clock.seconds());
} catch (const std::exception& e) {
  return report_error(e);
}
