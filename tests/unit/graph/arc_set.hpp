#pragma once
// Every stored arc of a distributed graph as (src, dst, weight) in external ids, gathered on every
// rank: what graph tests compare, whatever the partitioning.
#include <set>
#include <tuple>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"

namespace eddy::test {

using arc_set = std::multiset<std::tuple<vertex_id, vertex_id, double>>;

// Collective. Out-arcs, or in-arcs (far end first) with in_edges.
inline arc_set arcs_of(const distributed_graph& g, bool in_edges) {
  struct arc {
    vertex_id a, b;
    double w;
  };
  std::vector<arc> mine;
  // Map global ids to external ids with an all-gather of every rank's external ids (small graph).
  const auto externals = g.comm().all_gather_v<vertex_id>(g.external_ids());
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    const auto nbrs = in_edges ? g.in_neighbors(v) : g.out_neighbors(v);
    const auto ws = in_edges ? g.in_weights(v) : g.out_weights(v);
    for (std::size_t i = 0; i < nbrs.size(); ++i) {
      mine.push_back({g.external_id(v), externals[g.global_of(nbrs[i])], ws.empty() ? 1.0 : ws[i]});
    }
  }
  const auto all = g.comm().all_gather_v<arc>(mine);
  arc_set out;
  for (const auto& x : all) out.insert({x.a, x.b, x.w});
  return out;
}

}  // namespace eddy::test
