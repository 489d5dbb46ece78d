// Chapter 09, the GPU side: the SGEMM ladder and training on the device.
#include "gpu.hpp"

#ifdef NN_HAVE_CUDA
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "nn/cuda/sgemm.hpp"
#include "nn/cuda/tensor.hpp"
#include "nn/cuda/timer.hpp"
#include "nn/cuda/train.hpp"

using namespace nn;

std::string gpu_unavailable_reason() {
  return cuda::device_available() ? "" : cuda::device_description();
}

std::string gpu_description() { return cuda::device_description(); }

//! [ladder]
std::vector<LadderRow> sgemm_ladder(const std::vector<int>& sizes, int reps) {
  using cuda::GemmKernel;
  std::vector<LadderRow> rows;
  Rng rng(1);
  for (int n : sizes) {
    Tensor a({n, n}), b({n, n});
    for (float& v : a.values()) v = rng.uniform(-1, 1);
    for (float& v : b.values()) v = rng.uniform(-1, 1);
    cuda::DeviceTensor da(a), db(b), dc({n, n}), reference({n, n});
    cuda::sgemm(GemmKernel::Cublas, Transpose::No, Transpose::No, n, n, n, 1, da.data(), n,
                db.data(), n, 0, reference.data(), n);
    const Tensor want = reference.to_host();
    std::vector<GemmKernel> kernels{GemmKernel::Naive, GemmKernel::Tiled,
                                    GemmKernel::RegisterBlocked, GemmKernel::Cublas};
    if (cuda::tensor_cores_available())
      kernels.insert(kernels.end(), {GemmKernel::TensorCore, GemmKernel::CublasTf32});
    for (GemmKernel k : kernels) {
      auto run = [&] {
        cuda::sgemm(k, Transpose::No, Transpose::No, n, n, n, 1, da.data(), n, db.data(), n, 0,
                    dc.data(), n);
      };
      run();  // warm-up: the first launch loads the kernel
      cuda::EventTimer timer;
      timer.start();
      for (int r = 0; r < reps; ++r) run();
      const double seconds = timer.stop_ms() / 1000 / reps;
      const Tensor got = dc.to_host();
      double diff = 0, scale = 0;
      for (std::size_t i = 0; i < got.size(); ++i) {
        diff = std::max(diff, double(std::fabs(got[i] - want[i])));
        scale = std::max(scale, double(std::fabs(want[i])));
      }
      rows.push_back({cuda::gemm_name(k), n, 2.0 * n * n * n / seconds / 1e9, diff / scale});
    }
  }
  return rows;
}
//! [ladder]

bool tf32_available() { return cuda::tensor_cores_available(); }

TrainRun train_on_gpu(Sequential& model, const Dataset& train, const Dataset& test, float lr,
                      std::uint64_t seed, int epochs, int max_steps, bool tf32) {
  // Every GPU layer's products go through this SGEMM: our best FP32 rung,
  // or the tensor-core rung, which rounds their inputs to TF32.
  cuda::set_layer_gemm(tf32 ? cuda::GemmKernel::TensorCore : cuda::GemmKernel::RegisterBlocked);
  //! [gpu-train]
  cuda::Sequential gpu(model);  // the same initial weights, now on the device
  cuda::SoftmaxCrossEntropy loss;
  cuda::Adam adam(gpu.parameters(), lr);
  const cuda::GpuFitResult r = cuda::fit(
      gpu, train, loss, adam,
      {.epochs = epochs, .batch_size = 64, .seed = seed, .max_steps = max_steps, .quiet = true});
  //! [gpu-train]
  TrainRun run;
  run.losses = r.step_losses;
  run.samples_per_second = r.samples / r.seconds;
  run.test_accuracy = cuda::accuracy(gpu, test);
  gpu.copy_to(model);
  return run;
}

#else  // built without CUDA

std::string gpu_unavailable_reason() {
  return "this program was built without the GPU port: no CUDA compiler (nvcc) was found when "
         "the build was configured, or it was configured with -DNN_CUDA=OFF (see book/09-gpu.md, "
         "\"Building\")";
}
std::string gpu_description() { return gpu_unavailable_reason(); }
std::vector<LadderRow> sgemm_ladder(const std::vector<int>&, int) { return {}; }
bool tf32_available() { return false; }
TrainRun train_on_gpu(nn::Sequential&, const nn::Dataset&, const nn::Dataset&, float, std::uint64_t,
                      int, int, bool) {
  return {};
}

#endif
