#include "eddy/algorithms/bfs.hpp"

#include <atomic>

#include "eddy/graph/edge_map.hpp"
#include "eddy/graph/vertex_checkpoints.hpp"
#include "eddy/runtime/superstep_driver.hpp"
#include "eddy/runtime/threads.hpp"
#include "source_check.hpp"

namespace eddy::algorithms {
namespace {

// Direction-optimising BFS (Beamer et al.): small frontiers push along their out-edges, large
// ones let every unvisited vertex look for a parent among its in-neighbours and stop at the
// first, which skips most edges of the middle levels of a small-world graph.
struct bfs_step {
  const distributed_graph& g;
  edge_map& edges;
  std::optional<local_id> source;  // when this rank owns it
  std::vector<std::int64_t> depth;
  std::vector<std::uint8_t> ghost_reached;  // a ghost's discovery was already sent to its owner
  frontier* current;
  frontier* next;

  bool shared = current_threads() > 1;  // several threads discover at once

  [[nodiscard]] bool claim(std::int64_t& slot, std::int64_t level) const {
    return store_if_better(slot, level, shared, [](std::int64_t, std::int64_t old) { return old == unreachable_depth; });
  }

  step_counts compute(std::uint64_t superstep) {
    if (superstep == 0) {
      if (source) {
        depth[*source] = 0;
        current->add(*source);
      }
      return {current->size(), 0};
    }
    const auto plan = edges.choose(*current);
    if (plan.vertices == 0) return {0, 0};
    const auto level = static_cast<std::int64_t>(superstep);
    const local_id n = g.local_vertices();
    std::uint64_t sent = 0;
    if (plan.way == direction::push) {
      sent = edges.push<std::uint8_t>(
          *current, *next,
          [&](local_id, local_id v, double) {
            if (v < n) return claim(depth[v], level);
            return store_if_better(ghost_reached[v - n], std::uint8_t{1}, shared,
                                   [](std::uint8_t, std::uint8_t old) { return old == 0; });
          },
          [](local_id) { return std::uint8_t{1}; },
          [&](local_id v, std::uint8_t) { return claim(depth[v], level); });
    } else {
      sent = edges.pull(
          *current, [&](local_id v) { return depth[v] == unreachable_depth; },
          [&](local_id v, local_id, double) {
            depth[v] = level;
            next->add(v);
            return false;  // one parent is enough
          });
    }
    current->clear();
    std::swap(current, next);
    return {current->size(), sent};
  }
  std::uint64_t exchange() { return 0; }  // each step exchanges inside the edge map
  // depth came from a checkpoint: superstep k's frontier is what it reached.
  void restored(std::uint64_t superstep) {
    current->clear();
    const auto level = static_cast<std::int64_t>(superstep);
    for (local_id v = 0; v < g.local_vertices(); ++v) {
      if (depth[v] == level) current->add(v);
    }
  }
};

}  // namespace

vertex_result<std::int64_t> bfs(const distributed_graph& g, vertex_id source, const run_options& options) {
  require_source(g, source);
  const ghost_sync mirrors(g);
  edge_map edges(g, mirrors);
  frontier a(g), b(g);
  std::optional<local_id> owned_source;
  if (g.owner_of(source) == g.comm().rank()) owned_source = g.find_local(source);
  bfs_step step{g,  edges, owned_source, std::vector<std::int64_t>(g.local_vertices(), unreachable_depth),
                std::vector<std::uint8_t>(g.ghost_vertices(), 0), &a, &b};
  aggregator_registry aggregators;
  superstep_options run;
  run.max_supersteps = options.max_supersteps;
  run.on_superstep = options.on_superstep;
  if (options.checkpoints != nullptr) {
    options.checkpoints->add("depth", std::span<std::int64_t>(step.depth));
    run.checkpoints = options.checkpoints;
  }
  auto metrics = run_supersteps(g.comm(), aggregators, step, run);
  return {std::move(step.depth), std::move(metrics)};
}

}  // namespace eddy::algorithms
