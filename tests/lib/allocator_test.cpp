// nn::keep_freed_memory (lib/nn/allocator.hpp): after it, a large block comes
// from the heap (and is kept there when freed) instead of its own mmap.
#include "nn/allocator.hpp"

#include <catch2/catch.hpp>
#include <cstddef>
#include <cstdlib>

TEST_CASE("keep_freed_memory: large blocks come from the heap, not from mmap", "[allocator]") {
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  // glibc marks a chunk it got from mmap with bit 1 (IS_MMAPPED) of the size
  // word just before the block. 64 MiB is above the largest threshold glibc
  // picks by itself (32 MiB), so without the setting it is always mmapped.
  const auto mmapped = [](void* p) { return (static_cast<std::size_t*>(p)[-1] & 2) != 0; };
  nn::keep_freed_memory();
  void* block = std::malloc(std::size_t{64} << 20);
  REQUIRE(block != nullptr);
  CHECK_FALSE(mmapped(block));
  std::free(block);
#else
  // Not glibc's allocator (another C library, or AddressSanitizer's): the
  // setting does nothing, and there is no chunk header to look at.
  WARN("not glibc's malloc: nothing to check");
#endif
}
