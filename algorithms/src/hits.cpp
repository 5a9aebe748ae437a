#include "eddy/algorithms/hits.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <span>
#include <vector>

#include "eddy/graph/checkpoint_store.hpp"
#include "eddy/graph/ghost_sync.hpp"
#include "eddy/runtime/error.hpp"
#include "eddy/runtime/superstep_driver.hpp"
#include "exact_sum.hpp"

namespace eddy::algorithms {
namespace {

using detail::exact_sum;

struct squares {
  exact_sum hub;
  exact_sum authority;
};

// Each owned vertex's out- or in-neighbours in ascending external id. Rows keep the order the
// arcs arrived in, which depends on how many ranks read the input; summing in id order instead
// makes every score the same double however the graph is partitioned.
vertex_lists<local_id> rows_by_id(const distributed_graph& g, std::span<const vertex_id> ids, bool out) {
  const local_id n = g.local_vertices();
  vertex_lists<local_id> rows;
  rows.offsets.assign(std::size_t{n} + 1, 0);
  for (local_id v = 0; v < n; ++v) {
    const auto row = out ? g.out_neighbors(v) : g.in_neighbors(v);
    rows.items.insert(rows.items.end(), row.begin(), row.end());
    rows.offsets[v + 1] = rows.items.size();
  }
  tbb::parallel_for(local_id{0}, n, [&](local_id v) {
    const auto begin = rows.items.begin() + static_cast<std::ptrdiff_t>(rows.offsets[v]);
    const auto end = rows.items.begin() + static_cast<std::ptrdiff_t>(rows.offsets[v + 1]);
    std::sort(begin, end, [&](local_id a, local_id b) { return ids[a] < ids[b]; });
  });
  return rows;
}

// Exact sums over threads: the same digits whatever the split.
template <class Term>
exact_sum sum_owned(const tbb::blocked_range<local_id>& owned, Term term) {
  return tbb::parallel_reduce(
      owned, exact_sum{},
      [&](const tbb::blocked_range<local_id>& r, exact_sum sum) {
        for (local_id v = r.begin(); v != r.end(); ++v) sum.add(term(v));
        return sum;
      },
      [](exact_sum a, const exact_sum& b) {
        a.merge(b);
        return a;
      });
}

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
  std::vector<vertex_id> ids = slot_external_ids(g);
  vertex_lists<local_id> out_rows = rows_by_id(g, ids, true);
  vertex_lists<local_id> in_rows = rows_by_id(g, ids, false);
  bool finished = false;

  // Collective: the squared norms over all vertices, exact, so that every rank and every
  // partitioning divides by the same value.
  squares global(const squares& mine) const {
    squares all;
    for (const squares& s : g.comm().all_gather(mine)) {
      all.hub.merge(s.hub);
      all.authority.merge(s.authority);
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
    const exact_sum hub_squares = sum_owned(owned, [&](local_id v) {
      double h = 0.0;
      for (const local_id w : out_rows.of(v)) h += authority[w];
      hub[v] = h;
      return h * h;
    });
    mirrors.sync(std::span<double>(hub));
    const exact_sum authority_squares = sum_owned(owned, [&](local_id v) {
      double a = 0.0;
      for (const local_id u : in_rows.of(v)) a += hub[u];
      next_authority[v] = a;
      return a * a;
    });
    squares norms = global({hub_squares, authority_squares});
    const double hub_norm = norms.hub.value();
    const double authority_norm = norms.authority.value();
    // Without edges both norms are 0 and every score stays 0.
    const double hub_scale = hub_norm > 0.0 ? 1.0 / std::sqrt(hub_norm) : 0.0;
    const double authority_scale = authority_norm > 0.0 ? 1.0 / std::sqrt(authority_norm) : 0.0;
    // The change decides when the run stops: summed exactly, every partitioning stops together.
    exact_sum moved = sum_owned(owned, [&](local_id v) {
      const double h = hub[v] * hub_scale;
      const double a = next_authority[v] * authority_scale;
      const double step = std::abs(h - old_hub[v]) + std::abs(a - authority[v]);
      hub[v] = h;
      authority[v] = a;
      return step;
    }).all_ranks(g.comm());
    // Added once, on one rank: the aggregator's fold then only adds zeros to it.
    if (g.comm().rank() == 0) change.add(moved.value());
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
