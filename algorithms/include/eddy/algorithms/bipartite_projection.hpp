#pragma once
// Simple projection of a bipartite graph onto one side (Gelly's BipartiteGraph
// projectionTopSimple / projectionBottomSimple, with the per-neighbour edges merged into a count).
// The caller names each owned vertex's side; every edge must join the two sides (self-loops are
// ignored). N(v) is v's simple neighbourhood: direction ignored, parallel edges once. The
// projection onto side S holds the ordered pairs (u, v), u != v, both on S, with
//   shared(u, v) = |N(u) ∩ N(v)| >= 1   (the common neighbours, all on the other side);
// each unordered pair is reported twice, once from each end, as Gelly's projected graph holds
// both directions. A rank returns the pairs whose u it owns, in no particular order; counts are
// integers, so results do not depend on the number of ranks.
#include <cstdint>
#include <span>
#include <vector>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

enum class bipartite_side : std::uint8_t { bottom = 0, top = 1 };

struct projected_edge {
  vertex_id u;
  vertex_id v;
  std::uint64_t shared;
};

struct projection_result {
  std::vector<projected_edge> edges;
  run_metrics metrics;
};

// Collective. sides holds one entry per owned vertex, in the graph's local order. Throws
// eddy::error on every rank when a rank's sides has the wrong length or an edge joins two
// distinct vertices of one side.
[[nodiscard]] projection_result bipartite_projection(const distributed_graph& g, std::span<const bipartite_side> sides,
                                                     bipartite_side onto, const run_options& options = {});

}  // namespace eddy::algorithms
