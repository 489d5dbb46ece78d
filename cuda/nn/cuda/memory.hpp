#pragma once
// Device memory with RAII (book chapter 09, "Memory"): a DeviceBuffer owns
// one cudaMalloc'd array and frees it in its destructor, so no error path
// can leak it (an exception unwinds the buffers it passes). Move-only: two
// owners of one device pointer would free it twice.
#include <cuda_runtime_api.h>

#include <cstddef>
#include <utility>
#include <vector>

#include "nn/cuda/check.hpp"

namespace nn::cuda {

template <class T>
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  /// `count` uninitialised elements (none, and no allocation, for 0).
  explicit DeviceBuffer(std::size_t count) { allocate(count); }
  /// A copy of `host` on the device.
  explicit DeviceBuffer(const std::vector<T>& host) {
    allocate(host.size());
    copy_from_host(host.data(), host.size());
  }
  ~DeviceBuffer() { release(); }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        capacity_(std::exchange(other.capacity_, 0)) {}
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    if (this != &other) {
      release();
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
      capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::size_t bytes() const { return size_ * sizeof(T); }

  /// Makes room for `count` elements, reallocating only to grow: a training
  /// loop that sees the same batch size every step allocates once.
  /// The contents are undefined afterwards.
  void resize(std::size_t count) {
    if (count > capacity_) {
      release();
      allocate(count);
    }
    size_ = count;
  }
  void copy_from_host(const T* host, std::size_t count) {
    resize(count);
    if (count) NN_CUDA_CHECK(cudaMemcpy(data_, host, count * sizeof(T), cudaMemcpyHostToDevice));
  }
  void copy_to_host(T* host) const {
    if (size_) NN_CUDA_CHECK(cudaMemcpy(host, data_, bytes(), cudaMemcpyDeviceToHost));
  }
  std::vector<T> to_host() const {
    std::vector<T> host(size_);
    copy_to_host(host.data());
    return host;
  }
  /// Every byte zero (0.0f for floats).
  void zero() {
    if (size_) NN_CUDA_CHECK(cudaMemset(data_, 0, bytes()));
  }

 private:
  void allocate(std::size_t count) {
    if (count) NN_CUDA_CHECK(cudaMalloc(reinterpret_cast<void**>(&data_), count * sizeof(T)));
    size_ = capacity_ = count;
  }
  // Never throws: a destructor may run while another exception unwinds.
  void release() noexcept {
    if (data_) cudaFree(data_);
    data_ = nullptr;
    size_ = capacity_ = 0;
  }
  T* data_ = nullptr;
  std::size_t size_ = 0, capacity_ = 0;
};

}  // namespace nn::cuda
