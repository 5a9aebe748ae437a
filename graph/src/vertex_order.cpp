#include "vertex_order.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <numeric>
#include <utility>

#include "eddy/graph/ghost_sync.hpp"
#include "owner_requests.hpp"

namespace eddy::detail {
namespace {

// Rewrites adj so that new row k is old row order[k], every target renamed through new_slot.
// Rows keep the order their arcs had; code that needs a row sorted sorts its own copy, since a
// sort here would cost more than the rest of loading.
void rewrite_rows(adjacency& adj, const std::vector<local_id>& order, const std::vector<local_id>& new_slot) {
  const std::size_t n = order.size();
  const bool weighted = !adj.weights.empty();
  std::vector<std::uint64_t> offsets(n + 1, 0);
  for (std::size_t k = 0; k < n; ++k) offsets[k + 1] = offsets[k] + adj.offsets[order[k] + 1] - adj.offsets[order[k]];
  std::vector<local_id> targets(adj.targets.size());
  std::vector<double> weights(adj.weights.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024), [&](const tbb::blocked_range<std::size_t>& r) {
    for (std::size_t k = r.begin(); k != r.end(); ++k) {
      auto at = offsets[k];
      for (auto i = adj.offsets[order[k]]; i < adj.offsets[order[k] + 1]; ++i, ++at) {
        targets[at] = new_slot[adj.targets[i]];
        if (weighted) weights[at] = adj.weights[i];
      }
    }
  });
  adj.offsets = std::move(offsets);
  adj.targets = std::move(targets);
  adj.weights = std::move(weights);
}

}  // namespace

void order_by_degree(const communicator& comm, graph_parts& parts) {
  const auto n = static_cast<local_id>(parts.external_ids.size());
  const bool directed = parts.options.directed;
  const auto degree = [&](local_id v) {
    auto d = parts.out.offsets[v + 1] - parts.out.offsets[v];
    if (directed) d += parts.in.offsets[v + 1] - parts.in.offsets[v];
    return d;
  };
  std::vector<local_id> order(n);
  std::iota(order.begin(), order.end(), local_id{0});
  tbb::parallel_sort(order.begin(), order.end(), [&](local_id a, local_id b) {
    const auto da = degree(a);
    const auto db = degree(b);
    return da != db ? da > db : a < b;
  });
  const std::size_t ghosts = parts.ghost_globals.size();
  std::vector<local_id> new_slot(std::size_t{n} + ghosts);
  tbb::parallel_for(local_id{0}, n, [&](local_id k) { new_slot[order[k]] = k; });

  // Ghosts take their owners' new numbers; sorting by the new global ids keeps them grouped by
  // owner in rank order, so ghost_rank_begin stays as it is.
  const auto& offsets = parts.rank_offsets;
  const global_id first = offsets[static_cast<std::size_t>(comm.rank())];
  const auto renamed = ask_owners<global_id>(
      comm, std::span<const global_id>(parts.ghost_globals),
      [&](global_id g) {
        return static_cast<int>(std::upper_bound(offsets.begin(), offsets.end(), g) - offsets.begin()) - 1;
      },
      [&](global_id g) { return first + new_slot[g - first]; });
  std::vector<local_id> ghost_order(ghosts);
  std::iota(ghost_order.begin(), ghost_order.end(), local_id{0});
  tbb::parallel_sort(ghost_order.begin(), ghost_order.end(),
                     [&](local_id a, local_id b) { return renamed[a] < renamed[b]; });
  for (std::size_t k = 0; k < ghosts; ++k) {
    new_slot[n + ghost_order[k]] = n + static_cast<local_id>(k);
    parts.ghost_globals[k] = renamed[ghost_order[k]];
  }

  rewrite_rows(parts.out, order, new_slot);
  if (directed) rewrite_rows(parts.in, order, new_slot);
  std::vector<vertex_id> external(n);
  tbb::parallel_for(local_id{0}, n, [&](local_id k) { external[k] = parts.external_ids[order[k]]; });
  parts.external_ids = std::move(external);
}

std::vector<global_id> external_order_ids(const distributed_graph& g) {
  const local_id n = g.local_vertices();
  std::vector<local_id> by_id(n);
  std::iota(by_id.begin(), by_id.end(), local_id{0});
  const auto ids = g.external_ids();
  tbb::parallel_sort(by_id.begin(), by_id.end(), [&](local_id a, local_id b) { return ids[a] < ids[b]; });
  std::vector<global_id> result(std::size_t{n} + g.ghost_vertices());
  for (local_id k = 0; k < n; ++k) result[by_id[k]] = g.first_global() + k;
  ghost_sync(g).sync(std::span<global_id>(result));
  return result;
}

}  // namespace eddy::detail
