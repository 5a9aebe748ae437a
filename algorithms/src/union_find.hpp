#pragma once
// Concurrent union-find over a rank's slots, as in Afforest (Sutton et al.) and the GAP suite:
// parents only ever point to smaller indices, so a link is one compare-and-swap on a root and
// threads may link concurrently without locks.
#include <tbb/parallel_for.h>

#include <atomic>
#include <cstdint>
#include <vector>

#include "eddy/graph/types.hpp"

namespace eddy::algorithms {

class union_find {
 public:
  explicit union_find(std::size_t size, bool shared) : parent_(size), shared_(shared) {
    tbb::parallel_for(std::size_t{0}, size, [&](std::size_t i) { parent_[i] = static_cast<local_id>(i); });
  }

  void link(local_id u, local_id v) {
    if (!shared_) {
      link_alone(u, v);
      return;
    }
    local_id a = load(u);
    local_id b = load(v);
    while (a != b) {
      const local_id high = std::max(a, b);
      const local_id low = std::min(a, b);
      local_id expected = high;
      const local_id above = load(high);
      if (above == low) return;
      if (above == high &&
          std::atomic_ref<local_id>(parent_[high]).compare_exchange_strong(expected, low, std::memory_order_relaxed)) {
        return;
      }
      a = load(load(high));
      b = load(low);
    }
  }

  // Points every element straight at its root.
  void compress() {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, parent_.size(), 4096), [&](const auto& r) {
      for (std::size_t i = r.begin(); i != r.end(); ++i) {
        while (parent_[i] != parent_[parent_[i]]) parent_[i] = parent_[parent_[i]];
      }
    });
  }

  // The root after compress(); an ancestor on the way to it otherwise.
  [[nodiscard]] local_id parent(std::size_t i) const noexcept { return parent_[i]; }
  [[nodiscard]] std::size_t size() const noexcept { return parent_.size(); }

 private:
  // The same walk without atomics, for a rank that links on one thread: a compare-and-swap costs
  // more than the rest of a link.
  void link_alone(local_id u, local_id v) {
    local_id a = parent_[u];
    local_id b = parent_[v];
    while (a != b) {
      const local_id high = std::max(a, b);
      const local_id low = std::min(a, b);
      const local_id above = parent_[high];
      if (above == high) {
        parent_[high] = low;
        return;
      }
      a = parent_[above];
      b = parent_[low];
    }
  }
  local_id load(local_id i) { return std::atomic_ref<local_id>(parent_[i]).load(std::memory_order_relaxed); }
  std::vector<local_id> parent_;
  bool shared_;  // several threads link at once
};

}  // namespace eddy::algorithms
