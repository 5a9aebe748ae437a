#include "endpoint_index.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <limits>

#include "eddy/runtime/radix_sort.hpp"

namespace eddy::detail {

endpoint_index::endpoint_index(std::span<const vertex_id> src, std::span<const vertex_id> dst) {
  const std::size_t ends = src.size() + dst.size();
  if (ends == 0) return;
  vertex_id lo = std::numeric_limits<vertex_id>::max();
  vertex_id hi = 0;
  for (const auto column : {src, dst}) {
    for (const auto id : column) {
      lo = std::min(lo, id);
      hi = std::max(hi, id);
    }
  }
  const std::uint64_t range = hi - lo;
  constexpr std::uint64_t u32_max = std::numeric_limits<std::uint32_t>::max();
  // The table costs 4 bytes per id in the range, at most what the sort's two 8-byte copies of
  // every endpoint would; counts and positions must fit its 32-bit entries.
  if (range / 2 < ends && range < u32_max && ends < u32_max) {
    min_ = lo;
    table_.assign(range + 1, 0);
    for (const auto column : {src, dst}) {
      for (const auto id : column) ++table_[id - lo];
    }
    std::size_t distinct = 0;
    for (const auto c : table_) distinct += c != 0 ? 1 : 0;
    ids_.reserve(distinct);
    counts_.reserve(distinct);
    for (std::size_t i = 0; i < table_.size(); ++i) {
      if (table_[i] == 0) continue;
      ids_.push_back(lo + i);
      counts_.push_back(table_[i]);
      table_[i] = static_cast<std::uint32_t>(ids_.size() - 1);
    }
    return;
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
  all = {};
  sorted_.emplace(ids_);
}

void endpoint_index::assign(std::vector<std::uint64_t> values) {
  const bool fits = std::all_of(values.begin(), values.end(), [](std::uint64_t v) { return v <= UINT32_MAX; });
  if (!sorted_ && fits) {
    for (std::size_t k = 0; k < ids_.size(); ++k) table_[ids_[k] - min_] = static_cast<std::uint32_t>(values[k]);
    values_ = {};
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
