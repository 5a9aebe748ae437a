#pragma once
// Breadth-first search (LDBC Graphalytics BFS): hops from the source along out-edges (all edges
// when undirected); unreachable vertices get the largest int64.
#include <cstdint>
#include <limits>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

inline constexpr std::int64_t unreachable_depth = std::numeric_limits<std::int64_t>::max();

// Collective; throws input_error when the source is not in the graph.
[[nodiscard]] vertex_result<std::int64_t> bfs(const distributed_graph& g, vertex_id source, const run_options& options = {});

}  // namespace eddy::algorithms
