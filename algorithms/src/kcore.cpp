#include "eddy/algorithms/kcore.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <functional>
#include <span>
#include <vector>

#include "eddy/graph/ghost_sync.hpp"
#include "eddy/graph/vertex_checkpoints.hpp"
#include "eddy/runtime/superstep_driver.hpp"
#include "simple_neighbours.hpp"

namespace eddy::algorithms {
namespace {

// The largest h <= cap such that at least h of the neighbours' estimates are >= h, by counting
// them (clipped to cap) into buckets and sweeping down from cap. (Not over a views::transform of
// the neighbours: clang 14 cannot compile libstdc++ 12's views.)
std::uint64_t h_index(std::span<const local_id> neighbours, const std::vector<std::uint64_t>& estimate,
                      std::uint64_t cap, std::vector<std::uint64_t>& buckets) {
  buckets.assign(cap + 1, 0);
  for (const local_id u : neighbours) ++buckets[std::min(estimate[u], cap)];
  std::uint64_t at_least = 0;
  for (std::uint64_t h = cap; h > 0; --h) {
    at_least += buckets[h];
    if (at_least >= h) return h;
  }
  return 0;
}

// Pull formulation, as CDLP: each superstep every vertex reads its neighbours' estimates from a
// slot array whose ghost entries are refreshed by one ghost_sync. Updates are synchronous, so
// the sequence of estimates — and the superstep count — is the same on any number of ranks.
struct kcore_step {
  const distributed_graph& g;
  const ghost_sync& mirrors;
  vertex_lists<local_id> neighbours;
  std::uint64_t mirrored;
  std::vector<std::uint64_t> core;  // owned slots, then ghosts
  std::vector<std::uint64_t> next;

  step_counts compute(std::uint64_t superstep) {
    const local_id n = g.local_vertices();
    if (superstep == 0) {
      for (local_id v = 0; v < n; ++v) core[v] = neighbours.of(v).size();
      return {n, mirrored};
    }
    tbb::enumerable_thread_specific<std::vector<std::uint64_t>> scratch;
    tbb::enumerable_thread_specific<std::uint64_t> changed(0);
    tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 256), [&](const tbb::blocked_range<local_id>& range) {
      auto& buckets = scratch.local();
      std::uint64_t moved = 0;
      for (local_id v = range.begin(); v != range.end(); ++v) {
        next[v] = h_index(neighbours.of(v), core, core[v], buckets);
        moved += next[v] != core[v] ? 1 : 0;
      }
      changed.local() += moved;
    });
    std::copy(next.begin(), next.end(), core.begin());
    const std::uint64_t moved = changed.combine(std::plus<>{});
    return {moved, moved == 0 ? 0 : mirrored};
  }
  std::uint64_t exchange() {
    mirrors.sync(std::span<std::uint64_t>(core));
    return 0;  // nothing queued: the run ends when no estimate moved
  }
  void restored(std::uint64_t) { mirrors.sync(std::span<std::uint64_t>(core)); }
};

}  // namespace

vertex_result<std::uint64_t> kcore(const distributed_graph& g, const run_options& options) {
  const ghost_sync mirrors(g);
  kcore_step step{g, mirrors, simple_neighbour_lists(g), mirrors.mirrored(),
                  std::vector<std::uint64_t>(std::size_t{g.local_vertices()} + g.ghost_vertices()),
                  std::vector<std::uint64_t>(g.local_vertices())};
  aggregator_registry aggregators;
  superstep_options run;
  run.max_supersteps = options.max_supersteps;
  run.on_superstep = options.on_superstep;
  if (options.checkpoints != nullptr) {
    options.checkpoints->add("core", std::span<std::uint64_t>(step.core).first(g.local_vertices()));
    run.checkpoints = options.checkpoints;
  }
  auto metrics = run_supersteps(g.comm(), aggregators, step, run);
  step.core.resize(g.local_vertices());
  return {std::move(step.core), std::move(metrics)};
}

}  // namespace eddy::algorithms
