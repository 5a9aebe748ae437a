#include "eddy/algorithms/scc.hpp"

#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <span>
#include <vector>

#include "eddy/graph/ghost_sync.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/superstep_driver.hpp"

namespace eddy::algorithms {
namespace {

constexpr vertex_id unplaced = std::numeric_limits<vertex_id>::max();

struct scc_state {
  vertex_id colour;     // smallest unplaced id known to reach the vertex
  vertex_id component;  // its component's label once placed, else `unplaced`
};

// One superstep is one round of a stage; every rank reads the same aggregated counts to decide
// when a stage is over, so all of them move to the next stage together:
//   forward   colours flow along out-edges between unplaced vertices until none changes;
//   roots     vertices whose colour is their own id are placed as the roots of their components;
//   backward  an unplaced vertex joins the component of an out-neighbour with its colour, until
//             none joins;
//   restart   the unplaced vertices take their own ids as colours again (or, with none left, the
//             run is over).
// Pull formulation: each round reads neighbours from a slot-indexed array whose ghost entries
// are refreshed once per superstep.
struct scc_step {
  enum class stage { forward, backward, done };

  const distributed_graph& g;
  const ghost_sync& mirrors;
  aggregator<std::uint64_t>& changed;   // vertices changed by this round
  aggregator<std::uint64_t>& remaining;  // unplaced vertices after this round
  std::vector<scc_state> state;          // slot-indexed: owned, then ghosts
  std::vector<vertex_id> next = std::vector<vertex_id>(g.local_vertices());
  stage current = stage::forward;
  std::uint64_t rounds = 0;  // of the current stage

  template <class Body>
  std::uint64_t count_over_unplaced(Body body) {
    return tbb::parallel_reduce(
        tbb::blocked_range<local_id>(0, g.local_vertices(), 512), std::uint64_t{0},
        [&](const tbb::blocked_range<local_id>& r, std::uint64_t count) {
          for (local_id v = r.begin(); v != r.end(); ++v) {
            if (state[v].component == unplaced) count += body(v) ? 1 : 0;
          }
          return count;
        },
        std::plus<>{});
  }

  std::uint64_t forward_round() {
    const auto moved = count_over_unplaced([&](local_id v) {
      vertex_id c = state[v].colour;
      for (const local_id u : g.in_neighbors(v)) {
        if (state[u].component == unplaced) c = std::min(c, state[u].colour);
      }
      next[v] = c;
      return c != state[v].colour;
    });
    for (local_id v = 0; v < g.local_vertices(); ++v) {
      if (state[v].component == unplaced) state[v].colour = next[v];
    }
    return moved;
  }

  std::uint64_t backward_round() {
    // A colour is the id of an unplaced vertex, never the label of a component set aside earlier.
    const auto joined = count_over_unplaced([&](local_id v) {
      next[v] = unplaced;
      for (const local_id w : g.out_neighbors(v)) {
        if (state[w].component == state[v].colour) {
          next[v] = state[v].colour;
          return true;
        }
      }
      return false;
    });
    for (local_id v = 0; v < g.local_vertices(); ++v) {
      if (state[v].component == unplaced) state[v].component = next[v];
    }
    remaining.add(count_over_unplaced([](local_id) { return true; }));
    return joined;
  }

  void place_roots() {
    for (local_id v = 0; v < g.local_vertices(); ++v) {
      if (state[v].component == unplaced && state[v].colour == g.external_id(v)) state[v].component = state[v].colour;
    }
  }

  void restart() {
    for (local_id v = 0; v < g.local_vertices(); ++v) {
      if (state[v].component == unplaced) state[v].colour = g.external_id(v);
    }
  }

  step_counts compute(std::uint64_t superstep) {
    const local_id n = g.local_vertices();
    if (superstep == 0) {
      for (local_id v = 0; v < n; ++v) state[v] = {g.external_id(v), unplaced};
      return {n, mirrors.mirrored()};
    }
    const bool stage_over = rounds > 0 && changed.previous() == 0;
    if (current == stage::forward && stage_over) {
      place_roots();
      current = stage::backward;
      rounds = 0;
    } else if (current == stage::backward && stage_over) {
      if (remaining.previous() == 0) {
        current = stage::done;
        return {0, 0};
      }
      restart();
      current = stage::forward;
      rounds = 0;
    } else {
      ++rounds;
      changed.add(current == stage::forward ? forward_round() : backward_round());
    }
    return {n, mirrors.mirrored()};
  }

  std::uint64_t exchange() {
    if (current != stage::done) mirrors.sync(std::span<scc_state>(state));
    return 0;  // values, not messages: the run ends when every vertex is placed
  }
};

}  // namespace

vertex_result<vertex_id> scc(const distributed_graph& g, const run_options& options) {
  if (options.checkpoints != nullptr) throw error("scc takes no checkpoints");
  const ghost_sync mirrors(g);
  aggregator_registry aggregators;
  auto& changed = aggregators.sum<std::uint64_t>("scc.changed");
  auto& remaining = aggregators.sum<std::uint64_t>("scc.remaining");
  scc_step step{g, mirrors, changed, remaining,
                std::vector<scc_state>(std::size_t{g.local_vertices()} + g.ghost_vertices())};
  superstep_options run;
  run.max_supersteps = options.max_supersteps;
  run.on_superstep = options.on_superstep;
  auto metrics = run_supersteps(g.comm(), aggregators, step, run);
  std::vector<vertex_id> labels(g.local_vertices());
  for (local_id v = 0; v < g.local_vertices(); ++v) labels[v] = step.state[v].component;
  return {std::move(labels), std::move(metrics)};
}

}  // namespace eddy::algorithms
