#pragma once
// Checked CUDA calls (book chapter 09, "When a kernel goes wrong").
//
// Every CUDA runtime call goes through NN_CUDA_CHECK and every kernel launch
// is followed by NN_CUDA_CHECK_LAUNCH: a failure throws nn::cuda::CudaError
// naming the file, the line, the call and CUDA's own error string.
//
// A launch is asynchronous: cudaGetLastError() after it catches a bad launch
// (too many threads, no kernel image for this GPU) at once, but a fault
// inside the kernel (an out-of-bounds address) surfaces at the next call that
// waits for the GPU. Set NN_CUDA_SYNC=1 in the environment to wait after
// every launch, so the error names the kernel that caused it (slow; for
// debugging).
#include <cuda_runtime_api.h>

#include <string>

#include "nn/errors.hpp"

namespace nn::cuda {

/// A CUDA call or kernel launch failed.
struct CudaError : Error {
  using Error::Error;
};

/// Throws CudaError "<file>:<line>: <what> failed: <CUDA's error string>".
[[noreturn]] void throw_cuda_error(cudaError_t status, const char* what, const char* file,
                                   int line);

inline void check(cudaError_t status, const char* what, const char* file, int line) {
  if (status != cudaSuccess) throw_cuda_error(status, what, file, line);
}

/// After a launch: the launch error, and with NN_CUDA_SYNC=1 the kernel's own.
void check_launch(const char* kernel, const char* file, int line);

/// True if a CUDA device can be used (false, not an error, when the driver
/// or the device is missing: that is how the [gpu] tests decide to skip).
bool device_available();

/// "NVIDIA H100 80GB HBM3, compute capability 9.0, 132 SMs, 79.1 GiB,
/// driver 13.0, runtime 13.0", or the reason there is none.
std::string device_description();

}  // namespace nn::cuda

#define NN_CUDA_CHECK(call) ::nn::cuda::check((call), #call, __FILE__, __LINE__)
#define NN_CUDA_CHECK_LAUNCH(kernel) ::nn::cuda::check_launch(kernel, __FILE__, __LINE__)
