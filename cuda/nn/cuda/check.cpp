#include "nn/cuda/check.hpp"

#include <fmt/format.h>

#include <cstdlib>

namespace nn::cuda {

void throw_cuda_error(cudaError_t status, const char* what, const char* file, int line) {
  // A failed call also leaves its error in CUDA's "last error" slot, where
  // the next NN_CUDA_CHECK_LAUNCH would find it and blame an innocent
  // kernel: read it out (for a non-sticky error that clears it).
  cudaGetLastError();
  throw CudaError(fmt::format("{}:{}: {} failed: {} ({})", file, line, what,
                              cudaGetErrorString(status), cudaGetErrorName(status)));
}

void check_launch(const char* kernel, const char* file, int line) {
  check(cudaGetLastError(), fmt::format("launch of {}", kernel).c_str(), file, line);
  static const bool sync = [] {
    const char* v = std::getenv("NN_CUDA_SYNC");
    return v != nullptr && std::string(v) != "0";
  }();
  if (sync) check(cudaDeviceSynchronize(), fmt::format("kernel {}", kernel).c_str(), file, line);
}

bool device_available() {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    cudaGetLastError();  // clear it: "no device" is an answer here, not an error
    return false;
  }
  return count > 0;
}

std::string device_description() {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    cudaGetLastError();
    return fmt::format("no CUDA device ({})", cudaGetErrorString(status));
  }
  if (count == 0) return "no CUDA device (the driver sees none)";
  int device = 0, driver = 0, runtime = 0;
  NN_CUDA_CHECK(cudaGetDevice(&device));
  cudaDeviceProp p{};
  NN_CUDA_CHECK(cudaGetDeviceProperties(&p, device));
  NN_CUDA_CHECK(cudaDriverGetVersion(&driver));
  NN_CUDA_CHECK(cudaRuntimeGetVersion(&runtime));
  return fmt::format(
      "{}, compute capability {}.{}, {} SMs, {:.1f} GiB, driver {}.{}, runtime {}.{}", p.name,
      p.major, p.minor, p.multiProcessorCount, p.totalGlobalMem / double(1 << 30), driver / 1000,
      driver % 1000 / 10, runtime / 1000, runtime % 1000 / 10);
}

}  // namespace nn::cuda
