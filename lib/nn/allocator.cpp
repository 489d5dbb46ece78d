#include "nn/allocator.hpp"

#include <cstdlib>  // first: a C library header defines __GLIBC__ where it is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace nn {

void keep_freed_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 256 << 20);  // blocks up to 256 MiB come from the heap
  mallopt(M_TRIM_THRESHOLD, 512 << 20);  // and the heap is not trimmed below 512 MiB free
#endif
}

}  // namespace nn
