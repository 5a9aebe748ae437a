#pragma once
// Triangle listing (Gelly's TriangleListing): every triangle of the simple undirected graph (edge
// direction ignored, self-loops dropped, parallel and reciprocal arcs taken once) as the external
// ids of its corners, a < b < c. Each triangle is returned by exactly one rank; a rank's share is
// in no particular order and need not involve the vertices it owns.
#include <vector>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

struct triangle {
  vertex_id a;
  vertex_id b;
  vertex_id c;
};

struct triangle_list {
  std::vector<triangle> triangles;
  run_metrics metrics;
};

// Collective.
[[nodiscard]] triangle_list triangle_listing(const distributed_graph& g, const run_options& options = {});

}  // namespace eddy::algorithms
