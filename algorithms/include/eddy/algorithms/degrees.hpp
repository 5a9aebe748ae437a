#pragma once
// Vertex degrees as stored (Gelly's Graph.inDegrees / outDegrees / getDegrees): on a directed
// graph, out = arcs leaving v, in = arcs entering v, total = in + out; parallel arcs each count
// and a self-loop counts once as out and once as in. On an undirected graph all three are the
// number of incident edges (a self-loop once, parallel edges each).
#include <cstdint>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

struct vertex_degrees {
  std::uint64_t in = 0;
  std::uint64_t out = 0;
  std::uint64_t total = 0;
  bool operator==(const vertex_degrees&) const = default;
};

[[nodiscard]] vertex_result<vertex_degrees> degrees(const distributed_graph& g, const run_options& options = {});

}  // namespace eddy::algorithms
