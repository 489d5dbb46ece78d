// SGEMM from scratch, in the structure of Goto's algorithm (as in GotoBLAS,
// OpenBLAS and BLIS):
//
//   for each NC-wide column block of C                         (jc loop)
//     for each KC-deep slice of the sum                        (pc loop)
//       pack op(B)[slice, block] into B~ (KC x NC, stays in L3)
//       for each MC-tall row block of C                        (ic loop)
//         pack op(A)[block, slice] into A~ (MC x KC, stays in L2)
//         for each NR-wide sliver of B~                        (jr loop)
//           for each MR-tall sliver of A~                      (ir loop)
//             micro-kernel: MR x NR tile of C += A~ sliver * B~ sliver
//
// Packing copies each block once into the exact order the micro-kernel reads
// it: contiguous, aligned, zero-padded to whole tiles, with the transposes
// already applied. The O(MNK) multiply-adds then only ever touch memory in
// unit stride from caches close to the core, whatever the strides and
// transposes of the caller's matrices.
#include "nn/gemm.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <new>
#include <utility>

#include "nn/gemm_kernel.hpp"

namespace nn {

using detail::MR;
using detail::NR;

static int g_threads = 0;
void set_threads(int n) {
  g_threads = n > 0 ? n : omp_get_num_procs();
  omp_set_num_threads(g_threads);
}
int threads() { return g_threads > 0 ? g_threads : omp_get_max_threads(); }

void sgemm_reference(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A,
                     int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      double acc = 0.0;
      for (int p = 0; p < K; ++p) {
        const float a = ta == Transpose::No ? A[i * lda + p] : A[p * lda + i];
        const float b = tb == Transpose::No ? B[p * ldb + j] : B[j * ldb + p];
        acc += static_cast<double>(a) * b;
      }
      float& c = C[i * ldc + j];
      c = static_cast<float>(alpha * acc + (beta == 0.0f ? 0.0 : beta * c));
    }
}

namespace {

// Block sizes (the values BLIS uses for AVX-512 sgemm), for a core with 32-48 KiB
// of L1, 1-2 MiB of L2 and a shared L3:
// - a KC x NR sliver of B~ is reused by every A~ sliver in the ir loop, so it
//   should stay near the core: 384 x 32 floats = 48 KiB (24 KiB with AVX2);
// - the MC x KC block A~ is swept once per NR columns, from L2: 480 x 384
//   floats = 720 KiB (360 KiB with AVX2);
// - the KC x NC block B~ is swept once per MC rows, from L3: 384 x 3072 = 4.5 MiB.
// A deep KC also means C is read and written fewer times (once per K slice).
constexpr int kKC = 384;
constexpr int kMC = 40 * MR;
constexpr int kNC = 3072;  // a multiple of NR for every vector width

// C with at most this many rows reads an untransposed B in place, unpacked
// (see gemm_block).
constexpr int kDirectBRows = 2 * MR;

// Matrices below this many multiply-adds are done by a plain loop: packing
// and threading cost more than they save there.
constexpr long kSmallWork = 32L * 32 * 32;
// Starting a thread team costs a few microseconds; give each thread at least
// this many multiply-adds (~5 us of work) or use fewer threads.
constexpr long kWorkPerThread = 64L * 64 * 64;

// op(X)[row][col] of a row-major matrix stored with row stride ld.
struct View {
  const float* data;
  int ld;
  bool transposed;
  float at(int row, int col) const {
    return transposed ? data[static_cast<long>(col) * ld + row]
                      : data[static_cast<long>(row) * ld + col];
  }
};

// A scratch buffer per thread, kept between calls: a training step calls
// sgemm thousands of times and should not allocate (or page-fault) each time.
// 64-byte alignment puts every packed vector in a single cache line.
struct PackBuffer {
  float* data = nullptr;
  long capacity = 0;
  float* get(long n) {
    if (n > capacity) {
      std::free(data);
      capacity = (n + 15) / 16 * 16;
      data = static_cast<float*>(std::aligned_alloc(64, capacity * sizeof(float)));
      if (!data) throw std::bad_alloc();
    }
    return data;
  }
  ~PackBuffer() { std::free(data); }
};
thread_local PackBuffer packed_a_buffer, packed_b_buffer;

// Pack rows [i0, i0+mc) x columns [p0, p0+kc) of op(A) into slivers of MR
// rows; inside a sliver, column k's MR values are adjacent. Rows past the end
// are zero, so the micro-kernel always sees a whole tile.
void pack_a(View a, int i0, int mc, int p0, int kc, float* dst) {
  for (int ir = 0; ir < mc; ir += MR) {
    const int rows = std::min(MR, mc - ir);
    for (int k = 0; k < kc; ++k) {
      for (int r = 0; r < rows; ++r) dst[r] = a.at(i0 + ir + r, p0 + k);
      for (int r = rows; r < MR; ++r) dst[r] = 0.0f;
      dst += MR;
    }
  }
}

#if defined(__AVX512F__)
// dst[k][i] = src[i][k] for a 16 x 16 block of floats (rows src_ld and
// dst_ld apart): 16 vector loads, 64 shuffles and 16 vector stores, where
// one value at a time takes 256 loads and 256 stores. Each of the four
// stages interleaves pairs of rows at a wider grain: single floats, pairs
// of floats, then 128-bit quarters, twice. (Indices >= 16 pick from the
// second vector; GCC and clang turn each shuffle into one instruction.)
inline void transpose_16x16(const float* src, long src_ld, float* dst, long dst_ld) {
  using detail::Vec;
  Vec r[16], t[16];
  for (int i = 0; i < 16; ++i) r[i] = detail::load_vec(src + i * src_ld);
  for (int i = 0; i < 16; i += 2) {
    t[i] = __builtin_shufflevector(r[i], r[i + 1], 0, 16, 1, 17, 4, 20, 5, 21, 8, 24, 9, 25, 12, 28,
                                   13, 29);
    t[i + 1] = __builtin_shufflevector(r[i], r[i + 1], 2, 18, 3, 19, 6, 22, 7, 23, 10, 26, 11, 27,
                                       14, 30, 15, 31);
  }
  for (int i = 0; i < 16; i += 4)
    for (int j = 0; j < 2; ++j) {
      r[i + 2 * j] = __builtin_shufflevector(t[i + j], t[i + j + 2], 0, 1, 16, 17, 4, 5, 20, 21, 8,
                                             9, 24, 25, 12, 13, 28, 29);
      r[i + 2 * j + 1] = __builtin_shufflevector(t[i + j], t[i + j + 2], 2, 3, 18, 19, 6, 7, 22, 23,
                                                 10, 11, 26, 27, 14, 15, 30, 31);
    }
  for (int i = 0; i < 16; i += 8)
    for (int j = 0; j < 4; ++j) {
      t[i + j] = __builtin_shufflevector(r[i + j], r[i + j + 4], 0, 1, 2, 3, 8, 9, 10, 11, 16, 17,
                                         18, 19, 24, 25, 26, 27);
      t[i + j + 4] = __builtin_shufflevector(r[i + j], r[i + j + 4], 4, 5, 6, 7, 12, 13, 14, 15, 20,
                                             21, 22, 23, 28, 29, 30, 31);
    }
  for (int j = 0; j < 8; ++j) {
    r[j] = __builtin_shufflevector(t[j], t[j + 8], 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25,
                                   26, 27);
    r[j + 8] = __builtin_shufflevector(t[j], t[j + 8], 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23,
                                       28, 29, 30, 31);
  }
  for (int k = 0; k < 16; ++k) detail::store_vec(dst + k * dst_ld, r[k]);
}
#endif

// Pack rows [p0, p0+kc) x columns [j0, j0+cols) of op(B), cols <= NR, into
// one sliver: row k's NR values adjacent, zero-padded past cols. Each loop
// reads B along the way it lies in memory (rows of B, or rows of the stored
// B^T when transposed).
void pack_b_sliver(View b, int p0, int kc, int j0, int cols, float* dst) {
  if (!b.transposed) {
    for (int k = 0; k < kc; ++k) {
      const float* row = b.data + static_cast<long>(p0 + k) * b.ld + j0;
      for (int c = 0; c < cols; ++c) dst[k * NR + c] = row[c];
      for (int c = cols; c < NR; ++c) dst[k * NR + c] = 0.0f;
    }
  } else {
    // Column c of op(B) is row j0 + c of the stored B^T. One value at a time
    // this is a scalar load and a scalar store per value; with AVX-512, whole
    // 16 x 16 blocks go through registers instead (transpose_16x16).
    int c = 0;
#if defined(__AVX512F__)
    for (; c + 16 <= cols; c += 16) {
      const float* columns = b.data + static_cast<long>(j0 + c) * b.ld + p0;
      int k = 0;
      for (; k + 16 <= kc; k += 16) transpose_16x16(columns + k, b.ld, dst + k * NR + c, NR);
      for (; k < kc; ++k)
        for (int i = 0; i < 16; ++i) dst[k * NR + c + i] = columns[static_cast<long>(i) * b.ld + k];
    }
#endif
    for (; c < cols; ++c) {
      const float* column = b.data + static_cast<long>(j0 + c) * b.ld + p0;
      for (int k = 0; k < kc; ++k) dst[k * NR + c] = column[k];
    }
    for (c = cols; c < NR; ++c)
      for (int k = 0; k < kc; ++k) dst[k * NR + c] = 0.0f;
  }
}

// Multiply the packed block A~ (mc x kc) by one sliver of B (kc x NR, row k
// at b_sliver + k * b_stride) into the mc x cols strip of C at c, one MR x NR
// tile at a time.
void multiply_sliver(int mc, int cols, int kc, const float* packed_a, const float* b_sliver,
                     long b_stride, float alpha, float beta, float* c, int ldc) {
  detail::Tile tile{};  // zeroed: short tiles fill only their first rows
  for (int ir = 0; ir < mc; ir += MR) {
    const int rows = std::min(MR, mc - ir);
    detail::micro_kernels[rows - 1](kc, packed_a + static_cast<long>(ir) * kc, b_sliver, b_stride,
                                    tile);
    float* c_tile = c + static_cast<long>(ir) * ldc;
    if (rows == MR && cols == NR)
      detail::update_tile(tile, alpha, beta, c_tile, ldc);
    else
      detail::update_edge_tile(tile, alpha, beta, c_tile, ldc, rows, cols);
  }
}

// Split `total` into `parts` nearly equal pieces of size `unit` multiples.
int split_point(int total, int unit, int part, int parts) {
  const long tiles = (total + unit - 1) / unit;
  return static_cast<int>(std::min<long>(total, tiles * part / parts * unit));
}

// Split K into equal slices of at most kKC: K = 288 gives 144 + 144, not
// 256 + 32. The slices depend on K only, never on the thread count.
int slice_depth(int K) {
  const int slices = (K + kKC - 1) / kKC;
  return (K + slices - 1) / slices;
}

// The blocked algorithm (see the top of the file) on the block
// rows [m0, m1) x columns [n0, n1) of C, on the calling thread.
void gemm_block(View a, View b, int m0, int m1, int n0, int n1, int K, float alpha, float beta,
                float* C, int ldc) {
  const int kc_max = slice_depth(K);
  const int nc_max = std::min(kNC, (n1 - n0 + NR - 1) / NR * NR);
  const int mc_max = std::min(kMC, (m1 - m0 + MR - 1) / MR * MR);
  // Packing B pays for itself by the reuse of each packed sliver by every
  // row sliver of A. When C has only a few rows (a convolution with 8 or 16
  // filters, say) there is little reuse, and the kernel reads whole-width
  // slivers of an untransposed B where they lie: row k of the sliver is
  // NR consecutive floats of row k of B. The arithmetic is unchanged.
  const bool b_in_place = !b.transposed && m1 - m0 <= kDirectBRows;
  float* packed_b = packed_b_buffer.get(static_cast<long>(kc_max) * nc_max);
  float* packed_a = packed_a_buffer.get(static_cast<long>(mc_max) * kc_max);
  for (int jc = n0; jc < n1; jc += kNC) {
    const int nc = std::min(kNC, n1 - jc);
    for (int pc = 0; pc < K; pc += kc_max) {
      const int kc = std::min(kc_max, K - pc);
      // The first slice applies beta; the later ones add onto it.
      const float beta_slice = pc == 0 ? beta : 1.0f;
      for (int ic = m0; ic < m1; ic += kMC) {
        const int mc = std::min(kMC, m1 - ic);
        pack_a(a, ic, mc, pc, kc, packed_a);
        for (int jr = 0; jr < nc; jr += NR) {
          const int cols = std::min(NR, nc - jr);
          float* c = C + static_cast<long>(ic) * ldc + jc + jr;
          if (b_in_place && cols == NR) {
            multiply_sliver(mc, cols, kc, packed_a, b.data + static_cast<long>(pc) * b.ld + jc + jr,
                            b.ld, alpha, beta_slice, c, ldc);
            continue;
          }
          float* b_sliver = packed_b + static_cast<long>(jr) * kc;
          // B~ is packed one sliver at a time during the first row block, so
          // the reads of B from memory overlap with arithmetic on the sliver
          // packed just before; later row blocks find all of B~ ready.
          if (ic == m0) pack_b_sliver(b, pc, kc, jc + jr, cols, b_sliver);
          multiply_sliver(mc, cols, kc, packed_a, b_sliver, NR, alpha, beta_slice, c, ldc);
        }
      }
    }
  }
}

// C = beta * C, the whole answer when alpha == 0 or K == 0.
void scale(int M, int N, float beta, float* C, int ldc) {
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      float& c = C[static_cast<long>(i) * ldc + j];
      c = beta == 0.0f ? 0.0f : beta * c;
    }
}

// Small products: one thread, i-p-j loop order so the inner loop runs along
// rows of B and C in unit stride (when B is not transposed) and vectorises.
void gemm_small(View a, View b, int M, int N, int K, float alpha, float beta, float* C, int ldc) {
  scale(M, N, beta, C, ldc);
  for (int i = 0; i < M; ++i) {
    float* c = C + static_cast<long>(i) * ldc;
    for (int p = 0; p < K; ++p) {
      const float a_ip = alpha * a.at(i, p);
      for (int j = 0; j < N; ++j) c[j] += a_ip * b.at(p, j);
    }
  }
}

// --- Dot products, for C = alpha A B^T + beta C with few rows and columns ---
//
// When A is not transposed and B is, both store K contiguously, and C[i][j]
// is the dot product of row i of A with row j of B. The weight gradient of a
// convolution is such a product: dW = dY cols^T with 8-64 rows, 9-300
// columns and K of thousands (pixels times images). Packing B^T would cost
// more there than the few multiply-adds each packed value takes part in, so
// these products are done as blocks of dot products instead, reading both
// operands in place along K.
constexpr int kDotRows = 4, kDotCols = 4;  // a block of 16 dot products at once

// Measured on one core (AVX-512): dot blocks run at 50-57 GFLOP/s whatever
// the shape; the packed path reaches 60-85 when C has more than 32 rows and
// more than 32 columns (64 x 288, 64 x 128), but only 13-37 when either side
// is small (8 x 25, 32 x 9, 16 x 200), where packing B^T dominates.
bool use_dots(View a, View b, int M, int N, int K) {
  return !a.transposed && b.transposed && (M <= 32 || N <= 32) && M <= 64 && N <= 512 && K >= 8 * M;
}

// C[i][j] (i < Rows, j < Cols of the block) = alpha a_i . b_j + beta C[i][j].
// Each of the 16 lanes sums every 16th product, the lanes are added in a
// fixed order, then the products past the last whole vector: the same
// operations whatever the block's place or the thread that runs it.
template <int Rows, int Cols>
void dot_block(const float* a, int lda, const float* b, int ldb, int K, float alpha, float beta,
               float* c, int ldc) {
  using detail::kLanes;
  using detail::Vec;
  Vec acc[Rows][Cols] = {};
  const int whole = K / kLanes * kLanes;
  for (int k = 0; k < whole; k += kLanes) {
    Vec av[Rows], bv[Cols];
    for (int r = 0; r < Rows; ++r) av[r] = detail::load_vec(a + static_cast<long>(r) * lda + k);
    for (int j = 0; j < Cols; ++j) bv[j] = detail::load_vec(b + static_cast<long>(j) * ldb + k);
    for (int r = 0; r < Rows; ++r)
      for (int j = 0; j < Cols; ++j) acc[r][j] += av[r] * bv[j];
  }
  for (int r = 0; r < Rows; ++r)
    for (int j = 0; j < Cols; ++j) {
      float sum = 0.0f;
      for (int l = 0; l < kLanes; ++l) sum += acc[r][j][l];
      for (int k = whole; k < K; ++k)
        sum += a[static_cast<long>(r) * lda + k] * b[static_cast<long>(j) * ldb + k];
      float& out = c[static_cast<long>(r) * ldc + j];
      out = alpha * sum + (beta == 0.0f ? 0.0f : beta * out);
    }
}

using DotBlock = void (*)(const float*, int, const float*, int, int, float, float, float*, int);
template <int... I>
constexpr std::array<DotBlock, sizeof...(I)> make_dot_blocks(std::integer_sequence<int, I...>) {
  return {&dot_block<I / kDotCols + 1, I % kDotCols + 1>...};
}
constexpr auto dot_blocks = make_dot_blocks(std::make_integer_sequence<int, kDotRows * kDotCols>{});

// Columns [j0, j1) of C, all rows, on the calling thread.
void gemm_dots(View a, View b, int M, int j0, int j1, int K, float alpha, float beta, float* C,
               int ldc) {
  for (int i = 0; i < M; i += kDotRows) {
    const int rows = std::min(kDotRows, M - i);
    for (int j = j0; j < j1; j += kDotCols) {
      const int cols = std::min(kDotCols, j1 - j);
      dot_blocks[(rows - 1) * kDotCols + cols - 1](
          a.data + static_cast<long>(i) * a.ld, a.ld, b.data + static_cast<long>(j) * b.ld, b.ld, K,
          alpha, beta, C + static_cast<long>(i) * ldc + j, ldc);
    }
  }
}

}  // namespace

void sgemm(Transpose ta, Transpose tb, int M, int N, int K, float alpha, const float* A, int lda,
           const float* B, int ldb, float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == 0.0f) return scale(M, N, beta, C, ldc);
  const View a{A, lda, ta == Transpose::Yes};
  const View b{B, ldb, tb == Transpose::Yes};
  if (static_cast<long>(M) * N * K < kSmallWork)
    return gemm_small(a, b, M, N, K, alpha, beta, C, ldc);

  if (use_dots(a, b, M, N, K)) {
    // Threads take disjoint column ranges (whole blocks of kDotCols).
    const long work = static_cast<long>(M) * N * K;
    const int blocks = (N + kDotCols - 1) / kDotCols;
    const int team =
        static_cast<int>(std::clamp<long>(work / kWorkPerThread, 1, std::min(threads(), blocks)));
#pragma omp parallel num_threads(team) if (team > 1)
    {
      const int t = omp_get_thread_num(), parts = omp_get_num_threads();
      gemm_dots(a, b, M, split_point(N, kDotCols, t, parts), split_point(N, kDotCols, t + 1, parts),
                K, alpha, beta, C, ldc);
    }
    return;
  }

  // Threads split C into disjoint blocks, along whichever of M and N has more
  // tiles. K is never split: each C element is summed by one thread in one
  // fixed order, so the result is bit-identical for any thread count (and no
  // two threads ever write the same element of C).
  const bool split_n = (N + NR - 1) / NR >= (M + MR - 1) / MR;
  const int tiles = split_n ? (N + NR - 1) / NR : (M + MR - 1) / MR;
  const long work = static_cast<long>(M) * N * K;
  const int team =
      static_cast<int>(std::clamp<long>(work / kWorkPerThread, 1, std::min(threads(), tiles)));
#pragma omp parallel num_threads(team) if (team > 1)
  {
    const int t = omp_get_thread_num(), parts = omp_get_num_threads();
    if (split_n)
      gemm_block(a, b, 0, M, split_point(N, NR, t, parts), split_point(N, NR, t + 1, parts), K,
                 alpha, beta, C, ldc);
    else
      gemm_block(a, b, split_point(M, MR, t, parts), split_point(M, MR, t + 1, parts), 0, N, K,
                 alpha, beta, C, ldc);
  }
}

}  // namespace nn
