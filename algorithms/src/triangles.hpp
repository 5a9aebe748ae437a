#pragma once
// Triangle enumeration shared by triangle counting and the clustering coefficient. Vertices are
// ranked by (simple degree, global id); every triangle is found once, from its lowest corner v,
// as v -> u -> w along "upward" lists (neighbours ranked higher), GAP's ordering bound. A rank
// enumerates from its own vertices, so it also needs the upward lists of its ghosts, fetched once
// from their owners. Each list entry is a local slot plus, on directed graphs, which arcs join
// the two (bit 1: list owner -> entry, bit 2: entry -> list owner; undirected: both).
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <vector>

#include "eddy/graph/ghost_sync.hpp"

namespace eddy::algorithms {

struct upward_lists {
  static constexpr local_id no_slot = ~local_id{0};  // a ghost's neighbour unknown here
  vertex_lists<local_id> owned;
  vertex_lists<local_id> ghosts;     // list i belongs to ghost slot local_vertices() + i
  std::vector<std::uint8_t> owned_bits;   // parallel to owned.items
  std::vector<std::uint8_t> ghost_bits;   // parallel to ghosts.items
  std::vector<std::uint64_t> degree;      // simple degree per slot (ghost copies included)
};

// Per-slot counters that visit() callbacks on many threads add to; atomic only when more than one
// thread runs, since an uncontended atomic add still costs several times a plain one.
class slot_counters {
 public:
  explicit slot_counters(std::size_t slots) : counts_(slots, 0), shared_(tbb::this_task_arena::max_concurrency() > 1) {}
  void add(local_id slot, std::uint64_t k) {
    if (shared_) {
      std::atomic_ref<std::uint64_t>(counts_[slot]).fetch_add(k, std::memory_order_relaxed);
    } else {
      counts_[slot] += k;
    }
  }
  [[nodiscard]] std::vector<std::uint64_t>& counts() noexcept { return counts_; }

 private:
  std::vector<std::uint64_t> counts_;
  bool shared_;
};

// Collective.
upward_lists build_upward_lists(const distributed_graph& g, const ghost_sync& mirrors);

// Calls visit(v, u, w, bits(v,u), bits(v,w), bits(u,w)) once per triangle, with v owned and ranked
// lowest; u and w may be ghosts. visit runs on many threads at once.
template <class Visit>
void for_each_triangle(const distributed_graph& g, const upward_lists& lists, Visit visit) {
  const local_id n = g.local_vertices();
  const std::size_t slots = std::size_t{n} + g.ghost_vertices();
  tbb::enumerable_thread_specific<std::vector<std::uint8_t>> marks([&] { return std::vector<std::uint8_t>(slots, 0); });
  tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 64), [&](const tbb::blocked_range<local_id>& range) {
    auto& mark = marks.local();
    for (local_id v = range.begin(); v != range.end(); ++v) {
      const auto begin = lists.owned.offsets[v];
      const auto vs = lists.owned.of(v);
      if (vs.size() < 2) continue;
      // mark holds bits(v, w) + 1, so 0 means "not a neighbour of v".
      for (std::size_t i = 0; i < vs.size(); ++i) mark[vs[i]] = static_cast<std::uint8_t>(lists.owned_bits[begin + i] + 1);
      for (std::size_t i = 0; i < vs.size(); ++i) {
        const local_id u = vs[i];
        const bool ghost = u >= n;
        const auto& up = ghost ? lists.ghosts : lists.owned;
        const auto& bits = ghost ? lists.ghost_bits : lists.owned_bits;
        const std::size_t row = ghost ? u - n : u;
        for (auto k = up.offsets[row]; k < up.offsets[row + 1]; ++k) {
          const local_id w = up.items[k];
          if (w == upward_lists::no_slot || mark[w] == 0) continue;
          visit(v, u, w, lists.owned_bits[begin + i], static_cast<std::uint8_t>(mark[w] - 1), bits[k]);
        }
      }
      for (const local_id w : vs) mark[w] = 0;
    }
  });
}

}  // namespace eddy::algorithms
