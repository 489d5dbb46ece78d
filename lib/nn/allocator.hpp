#pragma once
// How the program's memory allocator treats the large tensors a training
// step frees and allocates again at every batch.

namespace nn {

/// Keeps freed blocks of up to 256 MiB in the process for the next batch
/// instead of giving them back to the operating system (glibc's default for
/// blocks over 128 KiB), as PyTorch's CPU allocator does. Without it, every
/// batch gets fresh pages that the kernel must fault in and zero one by one:
/// measured, that made ReLU and MaxPool on [64, 32, 26, 26] 3-4x slower than
/// their arithmetic. The peak memory is unchanged: it is the most that is live
/// at once. Called by ChapterCli::parse and by the benchmarks; does nothing
/// where the C library is not glibc. Results do not depend on it, only speed.
void keep_freed_memory();

}  // namespace nn
