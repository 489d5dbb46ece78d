#pragma once
// Per-thread scratch for the packed blocks of rung 3 (3_packed.cpp).
//
// Each buffer is kept between calls: a training step calls sgemm thousands of
// times and should not allocate (or page-fault) each time. Each thread has
// its own, so threads never share a packed block. 64-byte alignment puts every
// packed vector in a single cache line.
namespace nn::gemm::detail {

// At least n floats for this thread's packed A~ (resp. B~); the previous
// contents are not kept when the buffer grows.
float* packed_a_scratch(long n);
float* packed_b_scratch(long n);

}  // namespace nn::gemm::detail
