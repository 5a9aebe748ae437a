#include "eddy/algorithms/hits.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <span>
#include <vector>

#include "eddy/graph/ghost_sync.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/superstep_driver.hpp"

namespace eddy::algorithms {
namespace {

struct squares {
  double hub = 0.0;
  double authority = 0.0;
};

// Pull formulation with two mirror refreshes per iteration: authorities before the hubs read
// them (exchange), the new hubs before the authorities read them (inside compute). Either way a
// rank sends one value per (vertex, rank mirroring it), never one per edge.
struct hits_step {
  const distributed_graph& g;
  const ghost_sync& mirrors;
  const hits_params& params;
  aggregator<double>& change;  // L1 change of hubs and authorities in this iteration
  std::vector<double> hub;        // slot-indexed: owned, then ghosts
  std::vector<double> authority;  // slot-indexed: owned, then ghosts
  std::vector<double> next_authority = std::vector<double>(g.local_vertices());
  std::vector<double> old_hub = std::vector<double>(g.local_vertices());
  bool finished = false;

  // Collective: the squared norms over all vertices, folded in rank order so that every rank
  // divides by the same value.
  squares global(const squares& mine) const {
    squares all;
    for (const squares& s : g.comm().all_gather(mine)) {
      all.hub += s.hub;
      all.authority += s.authority;
    }
    return all;
  }

  step_counts compute(std::uint64_t superstep) {
    const local_id n = g.local_vertices();
    const tbb::blocked_range<local_id> owned(0, n, 512);
    if (superstep == 0) {
      for (local_id v = 0; v < n; ++v) authority[v] = static_cast<double>(g.in_degree(v));
      return {n, mirrors.mirrored()};
    }
    std::copy(hub.begin(), hub.begin() + n, old_hub.begin());
    const double hub_squares = tbb::parallel_reduce(
        owned, 0.0,
        [&](const tbb::blocked_range<local_id>& r, double sum) {
          for (local_id v = r.begin(); v != r.end(); ++v) {
            double h = 0.0;
            for (const local_id w : g.out_neighbors(v)) h += authority[w];
            hub[v] = h;
            sum += h * h;
          }
          return sum;
        },
        std::plus<>{});
    mirrors.sync(std::span<double>(hub));
    const double authority_squares = tbb::parallel_reduce(
        owned, 0.0,
        [&](const tbb::blocked_range<local_id>& r, double sum) {
          for (local_id v = r.begin(); v != r.end(); ++v) {
            double a = 0.0;
            for (const local_id u : g.in_neighbors(v)) a += hub[u];
            next_authority[v] = a;
            sum += a * a;
          }
          return sum;
        },
        std::plus<>{});
    const squares norms = global({hub_squares, authority_squares});
    // Without edges both norms are 0 and every score stays 0.
    const double hub_scale = norms.hub > 0.0 ? 1.0 / std::sqrt(norms.hub) : 0.0;
    const double authority_scale = norms.authority > 0.0 ? 1.0 / std::sqrt(norms.authority) : 0.0;
    const double moved = tbb::parallel_reduce(
        owned, 0.0,
        [&](const tbb::blocked_range<local_id>& r, double l1) {
          for (local_id v = r.begin(); v != r.end(); ++v) {
            const double h = hub[v] * hub_scale;
            const double a = next_authority[v] * authority_scale;
            l1 += std::abs(h - old_hub[v]) + std::abs(a - authority[v]);
            hub[v] = h;
            authority[v] = a;
          }
          return l1;
        },
        std::plus<>{});
    change.add(moved);
    finished = superstep == params.iterations;
    return {n, mirrors.mirrored() * (finished ? 1 : 2)};
  }

  std::uint64_t exchange() {
    if (!finished) mirrors.sync(std::span<double>(authority));
    return 0;  // values, not messages: the run ends by its iteration count or tolerance
  }
};

}  // namespace

vertex_result<hits_scores> hits(const distributed_graph& g, const hits_params& params, const run_options& options) {
  if (options.checkpoints != nullptr) throw error("hits takes no checkpoints");
  const ghost_sync mirrors(g);
  aggregator_registry aggregators;
  auto& change = aggregators.sum<double>("hits.l1_change");
  const std::size_t slots = std::size_t{g.local_vertices()} + g.ghost_vertices();
  hits_step step{g, mirrors, params, change, std::vector<double>(slots, 0.0), std::vector<double>(slots, 0.0)};
  superstep_options run;
  // Superstep 0 initialises; superstep k performs iteration k.
  run.max_supersteps = std::min(options.max_supersteps, params.iterations + 1);
  run.on_superstep = options.on_superstep;
  if (params.tolerance > 0.0) {
    const double tolerance = params.tolerance;
    // The first iteration's change is measured from unnormalised start values: it does not count.
    run.converged = [tolerance, &change](std::uint64_t superstep, const aggregator_registry&) {
      return superstep > 1 && change.previous() <= tolerance;
    };
  }
  auto metrics = run_supersteps(g.comm(), aggregators, step, run);
  std::vector<hits_scores> scores(g.local_vertices());
  for (local_id v = 0; v < g.local_vertices(); ++v) scores[v] = {step.hub[v], step.authority[v]};
  return {std::move(scores), std::move(metrics)};
}

}  // namespace eddy::algorithms
