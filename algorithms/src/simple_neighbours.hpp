#pragma once
// The simple neighbourhood of an owned vertex: out- and in-neighbours merged, self-loops and
// repeats dropped. Shared by every algorithm that works on the simple undirected graph
// (triangles, clustering, cores, triads, similarity).
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "eddy/graph/ghost_sync.hpp"

namespace eddy::algorithms {

struct neighbour_bits {
  local_id slot;
  std::uint8_t bits;  // 1: v -> slot, 2: slot -> v (undirected graphs: both)
  bool operator<(const neighbour_bits& o) const { return slot < o.slot; }
};

// Rows are not sorted, so each walk sorts a per-thread copy.
inline tbb::enumerable_thread_specific<std::vector<neighbour_bits>> simple_walk_scratch;

// Calls f(slot, bits) once per simple neighbour of owned v, in ascending slot order.
template <class F>
void for_each_simple_neighbour(const distributed_graph& g, local_id v, F f) {
  auto& list = simple_walk_scratch.local();
  list.clear();
  const std::uint8_t out_bits = g.directed() ? 1 : 3;
  for (const local_id t : g.out_neighbors(v)) list.push_back({t, out_bits});
  if (g.directed()) {
    for (const local_id t : g.in_neighbors(v)) list.push_back({t, 2});
  }
  std::sort(list.begin(), list.end());
  for (std::size_t i = 0; i < list.size();) {
    const local_id slot = list[i].slot;
    std::uint8_t bits = 0;
    for (; i < list.size() && list[i].slot == slot; ++i) bits |= list[i].bits;
    if (slot != v) f(slot, bits);
  }
}

// The simple neighbourhoods of all owned vertices as slot lists, each ascending.
inline vertex_lists<local_id> simple_neighbour_lists(const distributed_graph& g) {
  const local_id n = g.local_vertices();
  vertex_lists<local_id> lists;
  lists.offsets.assign(std::size_t{n} + 1, 0);
  tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 1024), [&](const auto& r) {
    for (local_id v = r.begin(); v != r.end(); ++v) {
      for_each_simple_neighbour(g, v, [&](local_id, std::uint8_t) { ++lists.offsets[v + 1]; });
    }
  });
  for (local_id v = 0; v < n; ++v) lists.offsets[v + 1] += lists.offsets[v];
  lists.items.resize(lists.offsets[n]);
  tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 1024), [&](const auto& r) {
    for (local_id v = r.begin(); v != r.end(); ++v) {
      auto at = lists.offsets[v];
      for_each_simple_neighbour(g, v, [&](local_id u, std::uint8_t) { lists.items[at++] = u; });
    }
  });
  return lists;
}

}  // namespace eddy::algorithms
