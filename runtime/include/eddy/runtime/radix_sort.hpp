#pragma once
// LSD radix sort of unsigned 64-bit keys, with only as many 11-bit passes as the keys' range
// (max - min) needs: ids of a graph with 2^20 vertices sort in two passes instead of a
// comparison sort's ~23 rounds over memory.
#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <vector>

namespace eddy {

inline void radix_sort(std::vector<std::uint64_t>& keys) {
  if (keys.size() < 2) return;
  const auto [lo, hi] = std::minmax_element(keys.begin(), keys.end());
  const std::uint64_t min = *lo;
  const auto bits = static_cast<unsigned>(std::bit_width(*hi - min));
  constexpr unsigned digit = 11;
  constexpr std::size_t buckets = std::size_t{1} << digit;
  std::vector<std::uint64_t> other(keys.size());
  for (unsigned shift = 0; shift < bits; shift += digit) {
    std::array<std::size_t, buckets> count{};
    for (const auto k : keys) ++count[((k - min) >> shift) & (buckets - 1)];
    std::size_t sum = 0;
    for (auto& c : count) {
      const auto n = c;
      c = sum;
      sum += n;
    }
    for (const auto k : keys) other[count[((k - min) >> shift) & (buckets - 1)]++] = k;
    keys.swap(other);
  }
}

}  // namespace eddy
