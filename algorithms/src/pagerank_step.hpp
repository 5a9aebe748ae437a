#pragma once
// The PageRank iteration shared by pagerank (teleport spread evenly) and personalized_pagerank
// (teleport to one vertex). A teleport policy says where the teleported mass — the (1-d) share
// plus the rank sinks gave away — lands; being a template parameter, the even spread compiles to
// the same inner loop as a PageRank without policies.
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "eddy/algorithms/pagerank.hpp"
#include "eddy/graph/ghost_sync.hpp"
#include "eddy/graph/vertex_checkpoints.hpp"
#include "eddy/runtime/superstep_driver.hpp"

namespace eddy::algorithms::detail {

// Every vertex receives 1/N of the teleported mass.
struct even_teleport {
  double total;  // N
  [[nodiscard]] double base(double damping, double sinks) const {
    return (1.0 - damping) / total + damping * sinks / total;
  }
  [[nodiscard]] double share(local_id, double base) const { return base; }
};

// All teleported mass lands on one vertex (the owned slot `target`, if this rank owns it).
struct single_teleport {
  std::optional<local_id> target;
  [[nodiscard]] double base(double damping, double sinks) const { return (1.0 - damping) + damping * sinks; }
  [[nodiscard]] double share(local_id v, double base) const { return v == target ? base : 0.0; }
};

// Pull formulation: each owned vertex sums its in-neighbours' contributions (rank / out-degree)
// from a slot-indexed array whose ghost entries are refreshed once per iteration. A rank thus
// sends one value per (vertex, rank mirroring it) per iteration, never one per edge, and the inner
// loop reads adjacency sequentially and writes nothing but its own vertex.
template <class Teleport>
struct pagerank_step {
  const distributed_graph& g;
  const ghost_sync& mirrors;
  const pagerank_params& params;
  Teleport teleport;
  aggregator<double>& sink_mass;  // rank held by sinks in the previous iteration
  aggregator<double>& change;     // L1 change of this iteration
  std::vector<double> rank;       // owned vertices
  std::vector<double> contribution;  // slot-indexed: owned, then ghosts
  bool finished = false;

  step_counts compute(std::uint64_t superstep) {
    const local_id n = g.local_vertices();
    if (superstep > 0) {
      const double base = teleport.base(params.damping, sink_mass.previous());
      const double moved = tbb::parallel_reduce(
          tbb::blocked_range<local_id>(0, n, 512), 0.0,
          [&](const tbb::blocked_range<local_id>& r, double l1) {
            for (local_id v = r.begin(); v != r.end(); ++v) {
              double incoming = 0.0;
              for (const local_id u : g.in_neighbors(v)) incoming += contribution[u];
              const double next = teleport.share(v, base) + params.damping * incoming;
              l1 += std::abs(next - rank[v]);
              rank[v] = next;
            }
            return l1;
          },
          std::plus<>{});
      change.add(moved);
    }
    finished = superstep == params.iterations;
    if (finished) return {0, 0};
    const double sinks = tbb::parallel_reduce(
        tbb::blocked_range<local_id>(0, n, 4096), 0.0,
        [&](const tbb::blocked_range<local_id>& r, double held) {
          for (local_id v = r.begin(); v != r.end(); ++v) {
            const auto degree = g.out_degree(v);
            contribution[v] = degree == 0 ? 0.0 : rank[v] / static_cast<double>(degree);
            held += degree == 0 ? rank[v] : 0.0;
          }
          return held;
        },
        std::plus<>{});
    sink_mass.add(sinks);
    return {n, mirrors.mirrored()};
  }

  std::uint64_t exchange() {
    if (!finished) mirrors.sync(std::span<double>(contribution));
    return 0;  // values, not messages: the run ends by its iteration count or tolerance
  }
  // rank came from a checkpoint: the contributions follow from it as compute() makes them.
  void restored(std::uint64_t) {
    for (local_id v = 0; v < g.local_vertices(); ++v) {
      const auto degree = g.out_degree(v);
      contribution[v] = degree == 0 ? 0.0 : rank[v] / static_cast<double>(degree);
    }
    mirrors.sync(std::span<double>(contribution));
  }
};

// Collective: the whole run from ranks of 1/N. `prefix` names the aggregators (and so their
// entries in checkpoints).
template <class Teleport>
vertex_result<double> run_pagerank(const distributed_graph& g, const pagerank_params& params,
                                   const run_options& options, Teleport teleport, const std::string& prefix) {
  const ghost_sync mirrors(g);
  aggregator_registry aggregators;
  auto& sink_mass = aggregators.sum<double>(prefix + ".sink_mass");
  auto& change = aggregators.sum<double>(prefix + ".l1_change");
  pagerank_step<Teleport> step{g,
                               mirrors,
                               params,
                               teleport,
                               sink_mass,
                               change,
                               std::vector<double>(g.local_vertices(), 1.0 / static_cast<double>(g.global_vertices())),
                               std::vector<double>(std::size_t{g.local_vertices()} + g.ghost_vertices(), 0.0),
                               false};
  superstep_options run;
  // Superstep 0 initialises; superstep k performs iteration k.
  run.max_supersteps = std::min(options.max_supersteps, params.iterations + 1);
  run.on_superstep = options.on_superstep;
  if (options.checkpoints != nullptr) {
    options.checkpoints->add("rank", std::span<double>(step.rank));
    run.checkpoints = options.checkpoints;
  }
  if (params.tolerance > 0.0) {
    const double tolerance = params.tolerance;
    run.converged = [tolerance, &change](std::uint64_t superstep, const aggregator_registry&) {
      return superstep > 0 && change.previous() < tolerance;
    };
  }
  auto metrics = run_supersteps(g.comm(), aggregators, step, run);
  return {std::move(step.rank), std::move(metrics)};
}

}  // namespace eddy::algorithms::detail
