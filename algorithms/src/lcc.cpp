#include "eddy/algorithms/lcc.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>

#include "eddy/graph/ghost_adjacency.hpp"

namespace eddy::algorithms {
namespace {

// |a ∩ b| for sorted lists, skipping `skip`; walks the shorter list and searches the longer one
// when their sizes differ a lot (hub vertices), merges otherwise.
std::uint64_t count_common(std::span<const global_id> a, std::span<const global_id> b, global_id skip) {
  if (a.size() > b.size()) std::swap(a, b);
  std::uint64_t count = 0;
  if (a.size() * 16 < b.size()) {
    for (const auto x : a) {
      if (x != skip && std::binary_search(b.begin(), b.end(), x)) ++count;
    }
    return count;
  }
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      count += a[i] != skip ? 1 : 0;
      ++i;
      ++j;
    }
  }
  return count;
}

}  // namespace

vertex_result<double> lcc(const distributed_graph& g, const run_options& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::uint64_t bytes_before = g.comm().bytes_sent();
  const auto owned = owned_out_lists(g);
  const auto ghosts = fetch_ghost_out_lists(g, owned);
  const local_id n = g.local_vertices();
  const auto out_list = [&](local_id slot) { return slot < n ? owned.of(slot) : ghosts.of(slot - n); };

  std::vector<double> values(n, 0.0);
  tbb::enumerable_thread_specific<std::vector<local_id>> scratch_slots;
  tbb::enumerable_thread_specific<std::vector<global_id>> scratch_ids;
  tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 256), [&](const tbb::blocked_range<local_id>& range) {
    auto& slots = scratch_slots.local();
    auto& ids = scratch_ids.local();
    for (local_id v = range.begin(); v != range.end(); ++v) {
      const global_id self = g.global_of(v);
      // N(v): in- and out-neighbours, without v, each once; sorted by global id for intersection.
      slots.clear();
      for (const auto t : g.out_neighbors(v)) slots.push_back(t);
      if (g.directed()) {
        for (const auto t : g.in_neighbors(v)) slots.push_back(t);
      }
      ids.clear();
      for (const auto t : slots) {
        if (g.global_of(t) != self) ids.push_back(g.global_of(t));
      }
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      std::sort(slots.begin(), slots.end());
      slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
      const std::size_t d = ids.size();
      if (d < 2) continue;
      std::uint64_t arcs = 0;
      for (const auto u : slots) {
        if (g.global_of(u) == self) continue;
        arcs += count_common(out_list(u), ids, g.global_of(u));
      }
      values[v] = static_cast<double>(arcs) / (static_cast<double>(d) * static_cast<double>(d - 1));
    }
  });

  run_metrics metrics;
  metrics.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics.bytes_sent = g.comm().all_reduce(g.comm().bytes_sent() - bytes_before, reduce_op::sum);
  superstep_metrics step{0, 0, 0, metrics.bytes_sent, metrics.seconds};
  step.active = g.comm().all_reduce(static_cast<std::uint64_t>(n), reduce_op::sum);
  metrics.supersteps.push_back(step);
  if (options.on_superstep) options.on_superstep(step);
  return {std::move(values), std::move(metrics)};
}

}  // namespace eddy::algorithms
