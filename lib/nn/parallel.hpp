#pragma once
// Elementwise loops shared by the threads, for big tensors only.
#include <omp.h>

#include <cstddef>

namespace nn {

/// Below this many elements an elementwise loop runs on the calling thread:
/// starting the threads costs microseconds, more than such a loop takes.
constexpr std::ptrdiff_t kParallelElements = 1 << 16;

/// Calls body(begin, end) on ranges that cover [0, n): the whole of it on the
/// calling thread when n is small, one range per thread otherwise. For loops
/// that treat each element on its own, whose result cannot depend on the
/// split. (The loop stays inside body, so that the compiler vectorises it.)
template <class Body>
void for_ranges(std::ptrdiff_t n, Body body) {
  if (n < kParallelElements) return body(std::ptrdiff_t{0}, n);
#pragma omp parallel
  {
    const std::ptrdiff_t t = omp_get_thread_num(), parts = omp_get_num_threads();
    body(n * t / parts, n * (t + 1) / parts);
  }
}

}  // namespace nn
