#pragma once
// Timing GPU work (book chapter 09, "Measuring"): kernels run asynchronously,
// so a CPU clock read right after a launch measures the launch, not the
// kernel. CUDA events are timestamps the GPU itself records in its queue.
#include <cuda_runtime_api.h>

#include "nn/cuda/check.hpp"

namespace nn::cuda {

class EventTimer {
 public:
  EventTimer() {
    NN_CUDA_CHECK(cudaEventCreate(&start_));
    try {
      NN_CUDA_CHECK(cudaEventCreate(&stop_));
    } catch (...) {
      cudaEventDestroy(start_);  // the destructor will not run: free what was made
      throw;
    }
  }
  ~EventTimer() {
    cudaEventDestroy(start_);
    cudaEventDestroy(stop_);
  }
  EventTimer(const EventTimer&) = delete;
  EventTimer& operator=(const EventTimer&) = delete;

  void start() { NN_CUDA_CHECK(cudaEventRecord(start_)); }
  /// Milliseconds of GPU time since start(), waiting for the work to finish.
  double stop_ms() {
    NN_CUDA_CHECK(cudaEventRecord(stop_));
    NN_CUDA_CHECK(cudaEventSynchronize(stop_));
    float ms = 0;
    NN_CUDA_CHECK(cudaEventElapsedTime(&ms, start_, stop_));
    return ms;
  }

 private:
  cudaEvent_t start_ = nullptr, stop_ = nullptr;
};

}  // namespace nn::cuda
