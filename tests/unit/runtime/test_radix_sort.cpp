#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "eddy/runtime/radix_sort.hpp"

namespace eddy {
namespace {

TEST(RadixSort, MatchesStdSortOnNarrowAndFullRanges) {
  std::mt19937_64 rng(7);
  for (const std::uint64_t range : {std::uint64_t{1}, std::uint64_t{1000}, std::uint64_t{1} << 40, ~std::uint64_t{0}}) {
    std::vector<std::uint64_t> keys(100000);
    const std::uint64_t base = range == ~std::uint64_t{0} ? 0 : (std::uint64_t{1} << 62);
    for (auto& k : keys) k = base + (range == ~std::uint64_t{0} ? rng() : rng() % range);
    auto expected = keys;
    std::sort(expected.begin(), expected.end());
    radix_sort(keys);
    EXPECT_EQ(keys, expected) << "range " << range;
  }
  std::vector<std::uint64_t> empty;
  radix_sort(empty);
  EXPECT_TRUE(empty.empty());
}

}  // namespace
}  // namespace eddy
