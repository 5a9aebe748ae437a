#pragma once
// The active vertices of a frontier algorithm: owned vertices as a list (for sparse work that
// touches only them) and a flag per slot (for dense work that asks "is this neighbour active?").
// Ghost flags are filled by synchronising the flags with the owners (see edge_map), so a pull step
// can test remote neighbours too.
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <atomic>
#include <cstdint>
#include <span>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/runtime/threads.hpp"

namespace eddy {

class frontier {
 public:
  explicit frontier(const distributed_graph& g)
      : flags_(std::size_t{g.local_vertices()} + g.ghost_vertices(), 0), list_(g.local_vertices()),
        shared_(current_threads() > 1) {}

  // Thread-safe; returns whether v was not yet a member. v must be owned.
  bool add(local_id v) noexcept {
    if (!shared_) {
      if (flags_[v] != 0) return false;
      flags_[v] = 1;
      list_[size_.load(std::memory_order_relaxed)] = v;
      size_.store(size_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
      return true;
    }
    if (std::atomic_ref<std::uint8_t>(flags_[v]).exchange(1, std::memory_order_relaxed) != 0) return false;
    list_[size_.fetch_add(1, std::memory_order_relaxed)] = v;
    return true;
  }
  [[nodiscard]] bool contains(local_id slot) const noexcept { return flags_[slot] != 0; }
  [[nodiscard]] std::span<const local_id> members() const noexcept { return {list_.data(), size_.load()}; }
  [[nodiscard]] std::size_t size() const noexcept { return size_.load(); }
  [[nodiscard]] bool empty() const noexcept { return size() == 0; }

  // Slot-indexed flags; ghost entries are meaningful only after a synchronisation.
  [[nodiscard]] std::span<std::uint8_t> flags() noexcept { return flags_; }

  // Called after the ghost flags were overwritten by a synchronisation.
  void ghost_flags_written() noexcept { ghost_flags_set_ = true; }

  // Empties the set in time proportional to its size unless ghost flags were written.
  void clear() {
    if (ghost_flags_set_) {
      ghost_flags_set_ = false;
      std::fill(flags_.begin(), flags_.end(), 0);
    } else {
      const auto members = this->members();
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, members.size(), 4096), [&](const auto& r) {
        for (std::size_t i = r.begin(); i != r.end(); ++i) flags_[members[i]] = 0;
      });
    }
    size_ = 0;
  }

  // Sum of the out-degrees of the members: the work a push step over them would do.
  [[nodiscard]] std::uint64_t out_edges(const distributed_graph& g) const {
    const auto members = this->members();
    return tbb::parallel_reduce(
        tbb::blocked_range<std::size_t>(0, members.size(), 4096), std::uint64_t{0},
        [&](const auto& r, std::uint64_t sum) {
          for (std::size_t i = r.begin(); i != r.end(); ++i) sum += g.out_degree(members[i]);
          return sum;
        },
        std::plus<>{});
  }

 private:
  std::vector<std::uint8_t> flags_;
  std::vector<local_id> list_;
  std::atomic<std::size_t> size_{0};
  bool shared_;  // more than one thread may add
  bool ghost_flags_set_ = false;
};

}  // namespace eddy
