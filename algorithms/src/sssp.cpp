#include "eddy/algorithms/sssp.hpp"

#include <tbb/parallel_reduce.h>

#include <atomic>
#include <cmath>
#include <functional>
#include <limits>

#include "eddy/graph/edge_map.hpp"
#include "eddy/runtime/superstep_driver.hpp"
#include "eddy/runtime/threads.hpp"
#include "source_check.hpp"

namespace eddy::algorithms {
namespace {

constexpr double infinite = std::numeric_limits<double>::infinity();

bool lower(double& slot, double value, bool shared) {
  return store_if_better(slot, value, shared, std::less<>{});
}

// Delta-stepping (Meyer and Sanders) in supersteps: only vertices whose tentative distance lies
// below the current bucket bound relax their light edges (weight < delta), again whenever they
// improve; once the bucket is empty everywhere, the vertices it settled relax their heavy edges
// once (those can only reach later buckets), and the bound moves to the bucket of the smallest
// pending distance. Relaxing in near-distance order avoids most of the repeated relaxations of
// Bellman-Ford while every superstep still has plenty of parallel work.
struct sssp_step {
  const distributed_graph& g;
  edge_map& edges;
  std::optional<local_id> source;
  double delta;
  std::vector<double> dist;  // slot-indexed; a ghost holds the best distance sent to its owner
  std::vector<local_id> pending;  // improved owned vertices not yet relaxed
  std::vector<std::uint8_t> is_pending;
  frontier& active;
  frontier& improved;
  frontier& settled;  // relaxed in the current bucket: their heavy edges wait for its end
  double bound = 0.0;
  bool shared = current_threads() > 1;  // several threads relax at once

  // Moves pending vertices below the bound into `active`.
  void take_bucket() {
    active.clear();
    std::size_t kept = 0;
    for (const local_id v : pending) {
      if (dist[v] < bound) {
        active.add(v);
        is_pending[v] = 0;
      } else {
        pending[kept++] = v;
      }
    }
    pending.resize(kept);
  }

  step_counts compute(std::uint64_t superstep) {
    if (superstep == 0) {
      if (source) {
        dist[*source] = 0.0;
        pending.push_back(*source);
        is_pending[*source] = 1;
      }
      return {pending.size(), 0};
    }
    take_bucket();
    auto plan = edges.choose(active);
    bool light = true;
    if (plan.vertices == 0) {
      plan = edges.choose(settled);
      light = plan.vertices == 0;
      while (light && plan.vertices == 0) {
        double nearest = infinite;
        for (const local_id v : pending) nearest = std::min(nearest, dist[v]);
        nearest = g.comm().all_reduce(nearest, reduce_op::min);
        if (nearest == infinite) return {0, 0};
        bound = (std::floor(nearest / delta) + 1.0) * delta;
        take_bucket();
        plan = edges.choose(active);
      }
    }
    frontier& from = light ? active : settled;
    const std::uint64_t sent = edges.push<double>(
        from, improved,
        [&](local_id u, local_id v, double w) {
          if ((w < delta) != light) return false;
          const double du = shared ? std::atomic_ref<double>(dist[u]).load(std::memory_order_relaxed) : dist[u];
          return lower(dist[v], du + w, shared);
        },
        [&](local_id slot) { return dist[slot]; }, [&](local_id v, double d) { return lower(dist[v], d, shared); });
    if (light) {
      for (const local_id v : active.members()) settled.add(v);
    } else {
      settled.clear();
    }
    for (const local_id v : improved.members()) {
      if (is_pending[v] == 0) {
        is_pending[v] = 1;
        pending.push_back(v);
      }
    }
    improved.clear();
    return {pending.size() + settled.size(), sent};  // settled vertices still owe their heavy edges
  }
  std::uint64_t exchange() { return 0; }  // each step exchanges inside the edge map
};

// Bucket width: about the weight of an average vertex's lightest edges, so that a bucket's
// vertices mostly settle in a few supersteps (Meyer and Sanders choose Delta ~ 1/degree for
// uniform weights).
double default_delta(const distributed_graph& g) {
  double sum = 0.0;
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    for (const double w : g.out_weights(v)) sum += w;
  }
  sum = g.comm().all_reduce(sum, reduce_op::sum);
  const double arcs = std::max<double>(1.0, static_cast<double>(g.global_arcs()));
  const double degree = std::max(1.0, arcs / static_cast<double>(g.global_vertices()));
  const double mean = sum / arcs;
  return mean > 0.0 ? 2.0 * mean / std::sqrt(degree) : 1.0;
}

}  // namespace

vertex_result<double> sssp(const distributed_graph& g, vertex_id source, const run_options& options) {
  require_source(g, source);
  const ghost_sync mirrors(g);
  edge_map edges(g, mirrors);
  frontier active(g), improved(g), settled(g);
  std::optional<local_id> owned_source;
  if (g.owner_of(source) == g.comm().rank()) owned_source = g.find_local(source);
  const std::size_t slots = std::size_t{g.local_vertices()} + g.ghost_vertices();
  sssp_step step{g,
                 edges,
                 owned_source,
                 default_delta(g),
                 std::vector<double>(slots, infinite),
                 {},
                 std::vector<std::uint8_t>(g.local_vertices(), 0),
                 active,
                 improved,
                 settled};
  aggregator_registry aggregators;
  superstep_options run;
  run.max_supersteps = options.max_supersteps;
  run.on_superstep = options.on_superstep;
  auto metrics = run_supersteps(g.comm(), aggregators, step, run);
  step.dist.resize(g.local_vertices());
  return {std::move(step.dist), std::move(metrics)};
}

}  // namespace eddy::algorithms
