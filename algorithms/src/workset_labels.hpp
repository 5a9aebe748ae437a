#pragma once
// The superstep loop Gelly's label algorithms share (label propagation, community detection), in
// pull form: superstep 0 gives every vertex its first state, in which it sends; afterwards each
// vertex decides its next state from the states of the neighbours that sent in the last superstep,
// and sends next only if it heard one (Gelly's workset). The run ends when nobody heard anything,
// or after `iterations` deciding supersteps. Ghost states are refreshed once per superstep.
//   State: trivially copyable, with `vertex_id label` and `std::uint64_t sends` (0 or 1).
//   first(v) -> State; decide(v, superstep, states by slot) -> State (thread-safe).
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/ghost_sync.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/superstep_driver.hpp"

namespace eddy::algorithms {

template <class State, class First, class Decide>
vertex_result<vertex_id> run_workset_labels(const distributed_graph& g, const run_options& options,
                                            std::uint64_t iterations, const std::string& name, const First& first,
                                            const Decide& decide) {
  if (options.checkpoints != nullptr) throw error(name + " takes no checkpoints");
  const ghost_sync mirrors(g);
  struct workset_step {
    const distributed_graph& g;
    const ghost_sync& mirrors;
    const First& first;
    const Decide& decide;
    std::vector<State> state;  // slot-indexed: owned, then ghosts
    std::vector<State> next;

    step_counts compute(std::uint64_t superstep) {
      const local_id n = g.local_vertices();
      if (superstep == 0) {
        for (local_id v = 0; v < n; ++v) state[v] = first(v);
        return {n, mirrors.mirrored()};
      }
      const std::span<const State> states(state);
      const std::uint64_t heard = tbb::parallel_reduce(
          tbb::blocked_range<local_id>(0, n, 256), std::uint64_t{0},
          [&](const tbb::blocked_range<local_id>& r, std::uint64_t count) {
            for (local_id v = r.begin(); v != r.end(); ++v) {
              next[v] = decide(v, superstep, states);
              count += next[v].sends;
            }
            return count;
          },
          std::plus<>{});
      std::copy(next.begin(), next.end(), state.begin());
      return {heard, mirrors.mirrored()};  // nobody heard anything: nobody sends, the run is over
    }
    std::uint64_t exchange() {
      mirrors.sync(std::span<State>(state));
      return 0;
    }
  };
  workset_step step{g, mirrors, first, decide, std::vector<State>(std::size_t{g.local_vertices()} + g.ghost_vertices()),
                    std::vector<State>(g.local_vertices())};
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
