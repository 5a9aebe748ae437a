#include "eddy/algorithms/sssp.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <limits>

#include <boost/iterator/counting_iterator.hpp>

#include "eddy/graph/edge_map.hpp"
#include "eddy/graph/vertex_checkpoints.hpp"
#include "eddy/runtime/superstep_driver.hpp"
#include "eddy/runtime/threads.hpp"
#include "bucket_queue.hpp"
#include "source_check.hpp"

namespace eddy::algorithms {
namespace {

constexpr double infinite = std::numeric_limits<double>::infinity();

bool lower(double& slot, double value, bool shared) {
  return store_if_better(slot, value, shared, std::less<>{});
}

// Delta-stepping (Meyer and Sanders) in supersteps, in the form of the GAP benchmark suite: the
// vertices of the globally nearest non-empty bucket relax all their out-edges, improved owned
// vertices are queued in the bucket of their new distance, and improved ghosts are sent to their
// owners once, at the end of the superstep.
//
// Buckets are narrow (see default_delta), so that a vertex is nearly always final when it relaxes
// its edges: on skewed graphs a hub relaxed twice costs thousands of edges. Narrow buckets are
// many, most of them nearly empty, and a superstep is not spent on each: while the current bucket
// refills with only a few vertices they are relaxed at once ("bucket fusion"), and a rank moves on
// to its next buckets within the same superstep while the edges it relaxed fit a work budget and
// the next bucket holds no hub: hubs wait for the superstep in which every rank has reached them.
struct sssp_step {
  const distributed_graph& g;
  edge_map& edges;
  std::optional<local_id> source;
  std::vector<double> dist;  // slot-indexed; a ghost holds the best distance sent to its owner
  bucket_queue queue;
  std::uint64_t budget;  // out-edges a superstep may relax beyond its first bucket
  local_id hubs;          // owned slots below this are hubs (slots go by falling degree)
  bool shared = current_threads() > 1;  // several threads relax at once

  static constexpr std::size_t fuse_below = 1000;  // vertices: smaller refills are relaxed at once

  [[nodiscard]] double read(local_id v) const {
    return shared ? std::atomic_ref<const double>(dist[v]).load(std::memory_order_relaxed) : dist[v];
  }

  // Relaxes bucket b until it stays empty or refills with many vertices; returns the out-edges
  // relaxed.
  std::uint64_t relax_bucket(std::uint64_t b) {
    const auto requeue = [&](local_id v) { queue.push(v, read(v)); };
    const auto relax = [&](local_id u, local_id v, double w) { return lower(dist[v], read(u) + w, shared); };
    std::uint64_t work = 0;
    do {
      const auto& vertices = queue.take(b, [&](local_id v) { return dist[v]; });
      work += edges.relax_out(vertices, relax, requeue);
      queue.gather();
    } while (queue.has(b) && queue.size_of(b) < fuse_below);
    return work;
  }

  step_counts compute(std::uint64_t superstep) {
    if (superstep == 0) {
      if (source) {
        dist[*source] = 0.0;
        queue.push(*source, 0.0);
        queue.gather();
      }
      return {source ? 1U : 0U, 0};
    }
    const std::uint64_t first = g.comm().all_reduce(queue.nearest(), reduce_op::min);
    if (first == bucket_queue::none) return {0, 0};
    queue.advance(first);
    std::uint64_t work = 0;
    for (std::uint64_t b = first; b != bucket_queue::none && !queue.parking(b); b = queue.nearest(b)) {
      if (b != first && (work > budget || queue.holds_below(b, hubs))) break;
      work += relax_bucket(b);
      if (queue.has(b)) break;  // refilled with many: the next superstep continues it
    }
    const std::uint64_t sent = edges.send_queued<double>(
        [&](local_id slot) { return dist[slot]; },
        [&](local_id v, double d) { return lower(dist[v], d, false); },
        [&](local_id v) { queue.push(v, dist[v]); });
    queue.gather();
    return {queue.nearest() == bucket_queue::none ? 0U : 1U, sent};
  }
  std::uint64_t exchange() { return 0; }  // each step exchanges inside the edge map
  // dist came from a checkpoint, which does not hold the queue: every reached vertex relaxes its
  // edges once more. Distances only fall, so the result is the same; ghosts start unsent.
  void restored(std::uint64_t) {
    for (local_id v = 0; v < g.local_vertices(); ++v) {
      if (dist[v] != infinite) queue.push(v, dist[v]);
    }
    queue.gather();
  }
};

// Bucket width: a thirty-second of the mean weight over the square root of the mean degree. With
// uniform weights a vertex then rarely improves after it relaxed its edges: on Kronecker scale 20
// the edges relaxed exceed the arcs by 9% at one rank, against 4x for the classic
// 2·mean/sqrt(degree). The mean is estimated from every sixteenth vertex's out-edges.
double default_delta(const distributed_graph& g) {
  double sums[2] = {0.0, 0.0};
  for (local_id v = 0; v < g.local_vertices(); v += 16) {
    for (const double w : g.out_weights(v)) sums[0] += w;
    sums[1] += static_cast<double>(g.out_degree(v));
  }
  g.comm().all_reduce_in_place(std::span<double>(sums), reduce_op::sum);
  const double arcs = static_cast<double>(g.global_arcs());
  const double degree = std::max(1.0, arcs / std::max(1.0, static_cast<double>(g.global_vertices())));
  const double mean = sums[1] > 0.0 ? sums[0] / sums[1] : 0.0;
  return mean > 0.0 ? mean / (32.0 * std::sqrt(degree)) : 1.0;
}

// The first owned slot whose out-degree is at most `degree` (owned slots are numbered by falling
// degree; were they not, this would only mark fewer vertices as hubs). Over Boost's counting
// iterators rather than views::iota, whose libstdc++ 12 form clang 14 cannot compile.
local_id first_below_degree(const distributed_graph& g, std::uint64_t degree) {
  return *std::partition_point(boost::counting_iterator<local_id>(0),
                               boost::counting_iterator<local_id>(g.local_vertices()),
                               [&](local_id v) { return g.out_degree(v) > degree; });
}

// Out-degree above which a vertex waits for a superstep of its own before it relaxes its edges:
// eight times the mean, and at least what a superstep's synchronisation costs in relaxations.
// Below that floor a wait costs more than relaxing a vertex twice would: on the web graph
// cnr-2000 (mean degree 10) a bound of 80 held the search to one bucket per superstep, 1195 of
// them at 2 ranks, where 2048 needs 125.
std::uint64_t hub_degree(const distributed_graph& g) {
  constexpr std::uint64_t superstep_in_relaxations = 2048;
  return std::max(superstep_in_relaxations, 8 * g.local_arcs() / std::max<local_id>(1, g.local_vertices()));
}

}  // namespace

vertex_result<double> sssp(const distributed_graph& g, vertex_id source, const run_options& options) {
  require_source(g, source);
  const ghost_sync mirrors(g);
  edge_map edges(g, mirrors);
  std::optional<local_id> owned_source;
  if (g.owner_of(source) == g.comm().rank()) owned_source = g.find_local(source);
  const std::size_t slots = std::size_t{g.local_vertices()} + g.ghost_vertices();
  // A superstep's extra buckets may relax up to 1/128 of the rank's arcs: enough to cross the
  // sparse start and tail of a search in few supersteps, small beside a hub's bucket.
  const std::uint64_t budget = std::max<std::uint64_t>(4096, g.local_arcs() / 128);
  sssp_step step{g,
                 edges,
                 owned_source,
                 std::vector<double>(slots, infinite),
                 bucket_queue(g.local_vertices(), default_delta(g), current_threads() > 1),
                 budget,
                 first_below_degree(g, hub_degree(g))};
  aggregator_registry aggregators;
  superstep_options run;
  run.max_supersteps = options.max_supersteps;
  run.on_superstep = options.on_superstep;
  if (options.checkpoints != nullptr) {
    options.checkpoints->add("distance", std::span<double>(step.dist).first(g.local_vertices()));
    run.checkpoints = options.checkpoints;
  }
  auto metrics = run_supersteps(g.comm(), aggregators, step, run);
  step.dist.resize(g.local_vertices());
  return {std::move(step.dist), std::move(metrics)};
}

}  // namespace eddy::algorithms
