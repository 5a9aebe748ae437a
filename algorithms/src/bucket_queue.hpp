#pragma once
// The buckets of delta-stepping over one rank's owned vertices: bucket i holds the vertices whose
// tentative distance fell in [i·delta, (i+1)·delta) when they were queued. The current bucket
// never moves backwards (a relaxation from bucket b cannot land below b), so a ring of `window`
// buckets starting at the current one holds every bucket that can receive vertices; distances
// beyond the ring wait in its last bucket and are queued again when that bucket comes up.
//
// A vertex is queued at most once per bucket: `queued_in_` remembers the bucket it was last
// queued in, so entries left behind when a vertex improves into a nearer bucket, or when it has
// been relaxed already, are recognised as stale and dropped when their bucket is taken.
#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

class bucket_queue {
 public:
  static constexpr std::uint64_t none = std::numeric_limits<std::uint64_t>::max();

  bucket_queue(local_id vertices, double delta, bool shared)
      : per_bucket_(1.0 / delta), ring_(window), queued_in_(vertices, not_queued), shared_(shared) {}

  [[nodiscard]] std::uint64_t bucket_of(double distance) const noexcept {
    constexpr std::uint64_t last = none / 2;
    const double b = std::floor(distance * per_bucket_);
    return b >= static_cast<double>(last) ? last : static_cast<std::uint64_t>(b);
  }

  // Queues v at `distance` unless it already waits in that bucket. Thread-safe when the queue
  // was made shared; entries made by other threads become visible after gather().
  void push(local_id v, double distance) {
    const std::uint64_t b = std::min(bucket_of(distance), current_ + window - 1);
    if (!shared_) {
      place(v, b);
      return;
    }
    if (std::atomic_ref<std::uint64_t>(queued_in_[v]).exchange(b, std::memory_order_relaxed) == b) return;
    auto& mine = pending_.local();
    if (mine.empty()) mine.resize(window);
    mine[b % window].push_back(v);
  }

  // Moves the entries other threads made into the ring. Call between parallel phases.
  void gather() {
    if (!shared_) return;
    for (auto& mine : pending_) {
      for (std::size_t i = 0; i < mine.size(); ++i) {
        ring_[i].insert(ring_[i].end(), mine[i].begin(), mine[i].end());
        mine[i].clear();
      }
    }
  }

  // The nearest non-empty bucket at or after `from` (by default the current one), or `none`.
  [[nodiscard]] std::uint64_t nearest(std::uint64_t from = 0) const noexcept {
    for (std::uint64_t b = std::max(from, current_); b < current_ + window; ++b) {
      if (!ring_[b % window].empty()) return b;
    }
    return none;
  }

  // Makes b current: no bucket before it holds vertices, here or on any rank (a collective
  // minimum of nearest()), so none can receive any.
  void advance(std::uint64_t b) noexcept { current_ = b; }

  // Empties bucket b (at or after the current one) and returns its live vertices, nearest first
  // when they are many. Vertices parked in the ring's last bucket whose distance lies beyond b are
  // queued again at their own bucket instead.
  template <class Distance>
  std::vector<local_id>& take(std::uint64_t b, Distance distance) {
    taken_.clear();
    std::swap(taken_, ring_[b % window]);
    std::size_t live = 0;
    for (const local_id v : taken_) {
      if (queued_in_[v] != b) continue;  // stale: relaxed or queued nearer since
      queued_in_[v] = not_queued;
      const double d = distance(v);
      if (bucket_of(d) > b) {
        place(v, std::min(bucket_of(d), current_ + window - 1));
      } else {
        taken_[live++] = v;
      }
    }
    taken_.resize(live);
    if (live >= sort_from) {
      std::sort(taken_.begin(), taken_.end(), [&](local_id a, local_id c) { return distance(a) < distance(c); });
    }
    return taken_;
  }

  // Whether b is the ring's last bucket, where distances beyond the ring are parked: only the
  // collective advance() can unpark them.
  [[nodiscard]] bool parking(std::uint64_t b) const noexcept { return b == current_ + window - 1; }

  // Whether bucket b holds (perhaps stale) an entry for a vertex below `limit`.
  [[nodiscard]] bool holds_below(std::uint64_t b, local_id limit) const noexcept {
    const auto& entries = ring_[b % window];
    return std::any_of(entries.begin(), entries.end(), [&](local_id v) { return v < limit; });
  }
  [[nodiscard]] bool has(std::uint64_t b) const noexcept { return !ring_[b % window].empty(); }
  [[nodiscard]] std::size_t size_of(std::uint64_t b) const noexcept { return ring_[b % window].size(); }

 private:
  void place(local_id v, std::uint64_t b) {
    if (queued_in_[v] == b) return;
    queued_in_[v] = b;
    ring_[b % window].push_back(v);
  }

  static constexpr std::uint64_t window = 1024;
  // Live vertices from which a taken bucket is sorted by distance. Sorting every bucket spent 9%
  // of sssp's time on cnr-2000, whose buckets are small, to save 0.01% of its relaxations; the
  // few large buckets of kron-20, where hubs are, still gain from it.
  static constexpr std::size_t sort_from = 1000;
  static constexpr std::uint64_t not_queued = std::numeric_limits<std::uint64_t>::max();

  double per_bucket_;  // 1 / delta
  std::uint64_t current_ = 0;
  std::vector<std::vector<local_id>> ring_;
  std::vector<std::uint64_t> queued_in_;  // per owned vertex: its bucket, or not_queued
  std::vector<local_id> taken_;
  tbb::enumerable_thread_specific<std::vector<std::vector<local_id>>> pending_;
  bool shared_;
};

}  // namespace eddy::algorithms
