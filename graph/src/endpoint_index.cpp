#include "endpoint_index.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <limits>

#include "eddy/runtime/radix_sort.hpp"

namespace eddy::detail {
namespace {

constexpr std::uint64_t u32_max = std::numeric_limits<std::uint32_t>::max();

// How often each id of a range occurs, counted in one pass without knowing the range first: the
// range grows, at least doubling, whenever an id outside it appears (so the copies cost no more
// than the final table), up to `limit` ids. Counts are kept in bytes, so that they stay in cache;
// a count's higher digits (base 256) go to a second table, which only hubs touch.
class range_counts {
 public:
  explicit range_counts(std::uint64_t limit) : limit_(limit) {}

  // False once the ids span more than the limit.
  bool add(std::span<const vertex_id> ids) {
    for (const vertex_id id : ids) {
      if (id - lo_ >= low_.size() && !grow(id)) return false;  // ids below lo_ wrap around too
      const std::uint64_t i = id - lo_;
      if (++low_[i] == 0) ++high_[i];
    }
    return true;
  }

  [[nodiscard]] vertex_id lo() const noexcept { return lo_; }
  [[nodiscard]] std::uint64_t size() const noexcept { return low_.size(); }
  [[nodiscard]] std::uint64_t count(std::uint64_t i) const noexcept { return low_[i] + (std::uint64_t{high_[i]} << 8U); }

 private:
  bool grow(vertex_id id) {
    const std::uint64_t old_size = low_.size();
    const vertex_id first = old_size == 0 ? id : std::min(lo_, id);
    const vertex_id last = old_size == 0 ? id : std::max(lo_ + (old_size - 1), id);
    if (last - first >= limit_) return false;
    const std::uint64_t size = std::min(std::max(last - first + 1, 2 * old_size), limit_);
    // The room to spare goes to the side the range grew on; the range stays within 64 bits.
    vertex_id lo = first;
    if (id < lo_ && old_size != 0) lo = last >= size - 1 ? last - (size - 1) : 0;
    lo = std::min<vertex_id>(lo, std::numeric_limits<vertex_id>::max() - (size - 1));
    std::vector<std::uint8_t> low(size, 0);
    std::vector<std::uint32_t> high(size, 0);
    if (old_size != 0) {
      std::copy(low_.begin(), low_.end(), low.begin() + static_cast<std::ptrdiff_t>(lo_ - lo));
      std::copy(high_.begin(), high_.end(), high.begin() + static_cast<std::ptrdiff_t>(lo_ - lo));
    }
    low_ = std::move(low);
    high_ = std::move(high);
    lo_ = lo;
    return true;
  }

  std::uint64_t limit_;
  vertex_id lo_ = 0;
  std::vector<std::uint8_t> low_;
  std::vector<std::uint32_t> high_;
};

}  // namespace

endpoint_index::endpoint_index(std::span<const vertex_id> src, std::span<const vertex_id> dst) {
  const std::size_t ends = src.size() + dst.size();
  if (ends == 0) return;
  // A table of the id range costs 4 bytes per id, at most what the sort's two 8-byte copies of
  // every endpoint would; counts and positions must fit its 32-bit entries.
  if (ends < u32_max) {
    range_counts counts(std::min<std::uint64_t>(2 * ends, u32_max));
    if (counts.add(src) && counts.add(dst)) {
      min_ = counts.lo();
      std::size_t distinct = 0;
      for (std::uint64_t i = 0; i < counts.size(); ++i) distinct += counts.count(i) != 0 ? 1 : 0;
      ids_.reserve(distinct);
      counts_.reserve(distinct);
      table_.resize(counts.size());
      for (std::uint64_t i = 0; i < counts.size(); ++i) {
        const std::uint64_t count = counts.count(i);
        if (count == 0) continue;
        table_[i] = static_cast<std::uint32_t>(ids_.size());
        ids_.push_back(min_ + i);
        counts_.push_back(count);
      }
      return;
    }
  }
  std::vector<vertex_id> all;
  all.reserve(ends);
  all.insert(all.end(), src.begin(), src.end());
  all.insert(all.end(), dst.begin(), dst.end());
  radix_sort(all);
  for (std::size_t i = 0; i < all.size();) {
    std::size_t j = i;
    while (j < all.size() && all[j] == all[i]) ++j;
    ids_.push_back(all[i]);
    counts_.push_back(j - i);
    i = j;
  }
  all = std::vector<vertex_id>();
  sorted_.emplace(ids_);
}

void endpoint_index::assign(std::vector<std::uint64_t> values) {
  const bool fits = std::all_of(values.begin(), values.end(), [](std::uint64_t v) { return v <= UINT32_MAX; });
  if (!sorted_ && fits) {
    for (std::size_t k = 0; k < ids_.size(); ++k) table_[ids_[k] - min_] = static_cast<std::uint32_t>(values[k]);
    values_ = std::vector<std::uint64_t>();
  } else {
    values_ = std::move(values);
  }
}

void endpoint_index::translate(std::span<vertex_id> ids) const {
  const auto each = [&](auto&& value_of) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, ids.size(), 1U << 16U),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i != r.end(); ++i) ids[i] = value_of(ids[i]);
                      });
  };
  if (sorted_) {
    each([this](vertex_id id) { return values_[sorted_->position(id)]; });
  } else if (values_.empty()) {
    each([this](vertex_id id) -> std::uint64_t { return table_[id - min_]; });
  } else {
    each([this](vertex_id id) { return values_[table_[id - min_]]; });
  }
}

}  // namespace eddy::detail
