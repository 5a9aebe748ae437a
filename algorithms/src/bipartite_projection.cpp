#include "eddy/algorithms/bipartite_projection.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "eddy/runtime/collective.hpp"
#include "two_hop.hpp"

namespace eddy::algorithms {

projection_result bipartite_projection(const distributed_graph& g, std::span<const bipartite_side> sides,
                                       bipartite_side onto, const run_options& options) {
  const local_id n = g.local_vertices();
  agree_that(g.comm(), sides.size() == n,
             "bipartite projection needs one side per vertex; rank " + std::to_string(g.comm().rank()) + " got " +
                 std::to_string(sides.size()) + " for " + std::to_string(n));
  std::vector<bipartite_side> side(std::size_t{n} + g.ghost_vertices());
  std::copy(sides.begin(), sides.end(), side.begin());
  ghost_sync(g).sync(std::span<bipartite_side>(side));
  // Every arc is some rank's out-arc, so checking out-arcs covers directed graphs too. With no
  // edge inside a side, u's two-hop partners are exactly the vertices of its side it shares a
  // neighbour with.
  std::uint64_t inside = 0;
  vertex_id example = 0;
  for (local_id u = 0; u < n; ++u) {
    for (const local_id t : g.out_neighbors(u)) {
      if (t != u && side[t] == side[u] && inside++ == 0) example = g.external_id(u);
    }
  }
  agree_that(g.comm(), inside == 0,
             "bipartite projection: " + std::to_string(inside) + " edges on rank " + std::to_string(g.comm().rank()) +
                 " join vertices of one side, e.g. one from " + std::to_string(example));
  const auto found = two_hop::similar_pairs(
      g, {}, options, [&](local_id u) { return side[u] == onto; }, [](std::uint64_t) { return 1.0; },
      [](std::uint64_t shared, double, std::uint64_t, std::uint64_t) { return static_cast<double>(shared); });
  projection_result result;
  result.edges.reserve(found.pairs.size());
  for (const auto& pair : found.pairs) result.edges.push_back({pair.u, pair.v, static_cast<std::uint64_t>(pair.score)});
  result.metrics = found.metrics;
  return result;
}

}  // namespace eddy::algorithms
