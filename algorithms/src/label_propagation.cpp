#include "eddy/algorithms/label_propagation.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <functional>
#include <span>
#include <vector>

#include "eddy/graph/ghost_sync.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/superstep_driver.hpp"

namespace eddy::algorithms {
namespace {

struct labelled {
  vertex_id label;
  std::uint64_t sends;  // 1: the vertex is in Gelly's workset and sends this superstep
};

// Gelly's choice: the most frequent label, ties to the larger; `own` competes with frequency 1.
vertex_id adopt(std::vector<vertex_id>& received, vertex_id own) {
  std::sort(received.begin(), received.end());
  vertex_id best = own;
  std::size_t best_count = 1;
  for (std::size_t i = 0; i < received.size();) {
    std::size_t j = i;
    while (j < received.size() && received[j] == received[i]) ++j;
    // Ascending order: a later label of equal frequency is larger and wins the tie.
    if (j - i > best_count || (j - i == best_count && received[i] > best)) {
      best_count = j - i;
      best = received[i];
    }
    i = j;
  }
  return best;
}

// Pull formulation: each vertex reads the labels of its sending in-neighbours from a slot-indexed
// array whose ghost entries are refreshed once per superstep.
struct label_propagation_step {
  const distributed_graph& g;
  const ghost_sync& mirrors;
  std::vector<labelled> state;  // slot-indexed: owned, then ghosts
  std::vector<labelled> next = std::vector<labelled>(g.local_vertices());

  step_counts compute(std::uint64_t superstep) {
    const local_id n = g.local_vertices();
    if (superstep == 0) {
      for (local_id v = 0; v < n; ++v) state[v] = {g.external_id(v), 1};
      return {n, mirrors.mirrored()};
    }
    tbb::enumerable_thread_specific<std::vector<vertex_id>> scratch;
    const std::uint64_t heard = tbb::parallel_reduce(
        tbb::blocked_range<local_id>(0, n, 256), std::uint64_t{0},
        [&](const tbb::blocked_range<local_id>& r, std::uint64_t count) {
          auto& received = scratch.local();
          for (local_id v = r.begin(); v != r.end(); ++v) {
            received.clear();
            for (const local_id u : g.in_neighbors(v)) {
              if (state[u].sends != 0) received.push_back(state[u].label);
            }
            next[v] = received.empty() ? labelled{state[v].label, 0} : labelled{adopt(received, state[v].label), 1};
            count += next[v].sends;
          }
          return count;
        },
        std::plus<>{});
    std::copy(next.begin(), next.end(), state.begin());
    return {heard, mirrors.mirrored()};  // nobody heard anything: nobody sends, the run is over
  }
  std::uint64_t exchange() {
    mirrors.sync(std::span<labelled>(state));
    return 0;
  }
};

}  // namespace

vertex_result<vertex_id> label_propagation(const distributed_graph& g, std::uint64_t iterations,
                                           const run_options& options) {
  if (options.checkpoints != nullptr) throw error("label_propagation takes no checkpoints");
  const ghost_sync mirrors(g);
  label_propagation_step step{g, mirrors, std::vector<labelled>(std::size_t{g.local_vertices()} + g.ghost_vertices())};
  aggregator_registry aggregators;
  superstep_options run;
  run.max_supersteps = std::min(options.max_supersteps, iterations + 1);  // superstep 0 initialises
  run.on_superstep = options.on_superstep;
  auto metrics = run_supersteps(g.comm(), aggregators, step, run);
  std::vector<vertex_id> labels(g.local_vertices());
  for (local_id v = 0; v < g.local_vertices(); ++v) labels[v] = step.state[v].label;
  return {std::move(labels), std::move(metrics)};
}

}  // namespace eddy::algorithms
