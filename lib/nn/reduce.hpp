#pragma once
// Sums whose order of additions is fixed, so that results are the same bits
// for any thread count (the book's promise: the same seed and thread count
// give the same numbers; these give the same numbers for ANY thread count).
// Used by Conv2D's and BatchNorm2D's backward passes and batch statistics.
#include <array>
#include <cstddef>
#include <vector>

namespace nn {

/// The sum of n floats in double, in four independent running sums (a
/// single one would make each addition wait for the one before it).
inline double sum_in_double(const float* x, int n) {
  double s[4] = {};
  int q = 0;
  for (; q + 4 <= n; q += 4)
    for (int l = 0; l < 4; ++l) s[l] += x[q + l];
  for (; q < n; ++q) s[0] += x[q];
  return (s[0] + s[1]) + (s[2] + s[3]);
}

/// f(chunk, item) for items 0 .. items-1, cut into `chunks` FIXED pieces
/// (not one per thread): chunk k takes items k*items/chunks .. (k+1)*items/chunks
/// - 1, in order. The threads share the chunks. A caller that gives each
/// chunk its own partial sums and adds the partials in chunk order gets a
/// parallel sum whose every addition happens in the same order.
template <class F>
void for_each_chunk(int items, int chunks, const F& f) {
#pragma omp parallel for schedule(static) if (chunks > 1)
  for (int k = 0; k < chunks; ++k)
    for (int item = k * items / chunks; item < (k + 1) * items / chunks; ++item) f(k, item);
}

namespace reduce_detail {

// Summing kGroup channels side by side keeps kGroup chains of dependent
// additions in flight (an addition takes about 4 cycles), each chain in its
// own unchanged order: several times faster than one channel at a time, and
// the same bits.
constexpr int kGroup = 4;

// The T sums of term(c, at) (a std::array<double, T>) over every element
// `at` of channels c0 .. c0 + G - 1, into sums[c * T + t].
template <int G, std::size_t T, class Term>
void sum_group(int c0, int n, int channels, int plane, const Term& term, double* sums) {
  double s[G][T] = {};
  for (int i = 0; i < n; ++i)
    for (int p = 0; p < plane; ++p)
      for (int k = 0; k < G; ++k) {
        const std::size_t at = (static_cast<std::size_t>(i) * channels + c0 + k) * plane + p;
        const std::array<double, T> v = term(c0 + k, at);
        for (std::size_t t = 0; t < T; ++t) s[k][t] += v[t];
      }
  for (int k = 0; k < G; ++k)
    for (std::size_t t = 0; t < T; ++t) sums[(c0 + k) * T + t] = s[k][t];
}

}  // namespace reduce_detail

/// For every channel c of an [n, channels, H, W] tensor (plane = H * W), the
/// T sums of term(c, at) over its elements, in double, image by image and
/// pixel by pixel: sums[c * T + t]. Channels run in parallel.
template <std::size_t T, class Term>
std::vector<double> channel_sums(int n, int channels, int plane, const Term& term) {
  using reduce_detail::kGroup;
  using reduce_detail::sum_group;
  std::vector<double> sums(static_cast<std::size_t>(channels) * T);
  const int groups = channels / kGroup, rest = channels % kGroup;
#pragma omp parallel for schedule(static)
  for (int g = 0; g < groups + rest; ++g) {
    if (g < groups)
      sum_group<kGroup, T>(g * kGroup, n, channels, plane, term, sums.data());
    else  // the channels past the last whole group, one at a time
      sum_group<1, T>(groups * kGroup + g - groups, n, channels, plane, term, sums.data());
  }
  return sums;
}

}  // namespace nn
