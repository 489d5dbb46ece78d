#pragma once
// Packing for rung 3 (3_packed.cpp): copy a block of op(A) or op(B) once into
// the exact order the micro-kernel reads it (contiguous, zero-padded to whole
// tiles, transposes already applied), so the O(MNK) multiply-adds only ever
// read memory in unit stride, whatever the caller's strides and transposes.
#include "nn/gemm/common.hpp"

namespace nn::gemm::detail {

// dst is per-thread scratch, never part of the matrix being packed: __restrict
// says so, and spares the copy loops run-time overlap checks (bench/RESULTS.md,
// "The ladder").

// Rows [i0, i0+mc) x columns [p0, p0+kc) of op(A) into slivers of MR rows;
// inside a sliver, column k's MR values are adjacent. Rows past the end are
// zero, so the micro-kernel always sees a whole tile.
void pack_a(View a, int i0, int mc, int p0, int kc, float* __restrict dst);

// Rows [p0, p0+kc) x columns [j0, j0+cols) of op(B), cols <= NR, into one
// sliver: row k's NR values adjacent, zero-padded past cols.
void pack_b_sliver(View b, int p0, int kc, int j0, int cols, float* __restrict dst);

}  // namespace nn::gemm::detail
