#include "eddy/algorithms/cdlp.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <vector>

#include "eddy/graph/ghost_sync.hpp"
#include "eddy/graph/vertex_checkpoints.hpp"
#include "eddy/runtime/superstep_driver.hpp"

namespace eddy::algorithms {
namespace {

vertex_id most_frequent(std::vector<vertex_id>& labels) {
  std::sort(labels.begin(), labels.end());
  vertex_id best = labels[0];
  std::size_t best_count = 0;
  for (std::size_t i = 0; i < labels.size();) {
    std::size_t j = i;
    while (j < labels.size() && labels[j] == labels[i]) ++j;
    if (j - i > best_count) {  // strictly more: on a tie the smaller label, seen first, stays
      best_count = j - i;
      best = labels[i];
    }
    i = j;
  }
  return best;
}

// Pull formulation: every vertex reads its neighbours' labels from a slot-indexed array whose
// ghost entries are refreshed once per superstep, so a label crosses the network once per
// (vertex, mirroring rank) instead of once per edge.
struct cdlp_step {
  const distributed_graph& g;
  const ghost_sync& mirrors;
  std::uint64_t mirrored;  // values this rank sends per superstep
  std::vector<vertex_id> labels;  // owned slots, then ghosts
  std::vector<vertex_id> next;

  step_counts compute(std::uint64_t superstep) {
    const local_id n = g.local_vertices();
    if (superstep == 0) {
      for (local_id v = 0; v < n; ++v) labels[v] = g.external_id(v);
      return {n, mirrored};
    }
    tbb::enumerable_thread_specific<std::vector<vertex_id>> scratch;
    tbb::parallel_for(tbb::blocked_range<local_id>(0, n, 256), [&](const tbb::blocked_range<local_id>& range) {
      auto& seen = scratch.local();
      for (local_id v = range.begin(); v != range.end(); ++v) {
        seen.clear();
        // In- and out-neighbours: a neighbour linked both ways is counted twice (LDBC).
        for (const auto t : g.out_neighbors(v)) seen.push_back(labels[t]);
        if (g.directed()) {
          for (const auto t : g.in_neighbors(v)) seen.push_back(labels[t]);
        }
        next[v] = seen.empty() ? labels[v] : most_frequent(seen);
      }
    });
    std::copy(next.begin(), next.begin() + n, labels.begin());
    return {n, mirrored};
  }
  std::uint64_t exchange() {
    mirrors.sync(std::span<vertex_id>(labels));
    return 0;  // nothing queued: the run ends by its superstep limit
  }
  void restored(std::uint64_t) { mirrors.sync(std::span<vertex_id>(labels)); }
};

}  // namespace

vertex_result<vertex_id> cdlp(const distributed_graph& g, std::uint64_t iterations, const run_options& options) {
  const ghost_sync mirrors(g);
  const std::size_t slots = std::size_t{g.local_vertices()} + g.ghost_vertices();
  std::uint64_t mirrored = 0;
  for (int r = 0; r < g.comm().size(); ++r) mirrored += mirrors.mirrored_by(r).size();
  cdlp_step step{g, mirrors, mirrored, std::vector<vertex_id>(slots), std::vector<vertex_id>(g.local_vertices())};
  aggregator_registry aggregators;
  superstep_options run;
  run.max_supersteps = std::min(options.max_supersteps, iterations + 1);  // superstep 0 initialises
  run.on_superstep = options.on_superstep;
  if (options.checkpoints != nullptr) {
    options.checkpoints->add("label", std::span<vertex_id>(step.labels).first(g.local_vertices()));
    run.checkpoints = options.checkpoints;
  }
  auto metrics = run_supersteps(g.comm(), aggregators, step, run);
  step.labels.resize(g.local_vertices());
  return {std::move(step.labels), std::move(metrics)};
}

}  // namespace eddy::algorithms
