// Per-thread scratch for the packed blocks; see scratch.hpp.
#include "nn/gemm/scratch.hpp"

#include <cstdlib>
#include <new>

namespace nn::gemm::detail {
namespace {

struct PackBuffer {
  float* data = nullptr;
  long capacity = 0;
  float* get(long n) {
    if (n > capacity) {
      std::free(data);
      const long rounded = (n + 15) / 16 * 16;  // aligned_alloc wants a multiple of 64 bytes
      data = static_cast<float*>(std::aligned_alloc(64, rounded * sizeof(float)));
      capacity = data ? rounded : 0;
      if (!data) throw std::bad_alloc();
    }
    return data;
  }
  ~PackBuffer() { std::free(data); }
};
thread_local PackBuffer packed_a_buffer, packed_b_buffer;

}  // namespace

float* packed_a_scratch(long n) { return packed_a_buffer.get(n); }
float* packed_b_scratch(long n) { return packed_b_buffer.get(n); }

}  // namespace nn::gemm::detail
