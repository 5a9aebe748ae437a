#pragma once
// Position lookup in a sorted vector of distinct ids, in expected O(1): the id range is cut into
// about as many buckets as there are ids, each remembering where its ids start, so a lookup
// searches one small bucket instead of the whole vector. Ids from any 64-bit range work; skewed
// ranges only make some buckets larger.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace eddy::detail {

class id_index {
 public:
  explicit id_index(std::span<const std::uint64_t> sorted) : ids_(sorted) {
    if (sorted.empty()) return;
    min_ = sorted.front();
    const std::uint64_t span = sorted.back() - min_;
    const unsigned range_bits = span == 0 ? 0 : static_cast<unsigned>(std::bit_width(span));
    const unsigned bucket_bits = std::min<unsigned>(range_bits, static_cast<unsigned>(std::bit_width(sorted.size())));
    shift_ = range_bits - bucket_bits;
    starts_.assign((std::size_t{1} << bucket_bits) + 1, 0);
    for (const auto id : sorted) ++starts_[bucket(id) + 1];
    for (std::size_t b = 1; b < starts_.size(); ++b) starts_[b] += starts_[b - 1];
  }

  // Position of id in the vector; the id must be present.
  [[nodiscard]] std::size_t position(std::uint64_t id) const noexcept {
    const std::size_t b = bucket(id);
    const auto first = ids_.begin() + static_cast<std::ptrdiff_t>(starts_[b]);
    const auto last = ids_.begin() + static_cast<std::ptrdiff_t>(starts_[b + 1]);
    return static_cast<std::size_t>(std::lower_bound(first, last, id) - ids_.begin());
  }

 private:
  [[nodiscard]] std::size_t bucket(std::uint64_t id) const noexcept { return static_cast<std::size_t>((id - min_) >> shift_); }

  std::span<const std::uint64_t> ids_;
  std::uint64_t min_ = 0;
  unsigned shift_ = 0;
  std::vector<std::uint32_t> starts_;
};

}  // namespace eddy::detail
