#pragma once
// Whether a rank numbers its owned vertices by descending degree (stored out- plus in-arcs), the
// order loaders promise for locality, and still finds each of them by its external id.
#include <limits>

#include "eddy/graph/distributed_graph.hpp"

namespace eddy::test {

inline bool owned_by_descending_degree(const distributed_graph& g) {
  const auto degree = [&](local_id v) { return g.out_degree(v) + (g.directed() ? g.in_degree(v) : 0); };
  for (local_id v = 1; v < g.local_vertices(); ++v) {
    if (degree(v - 1) < degree(v)) return false;
  }
  return true;
}

inline bool finds_owned_by_external_id(const distributed_graph& g) {
  for (local_id v = 0; v < g.local_vertices(); ++v) {
    if (g.find_local(g.external_id(v)) != v) return false;
  }
  return !g.find_local(std::numeric_limits<vertex_id>::max()).has_value();
}

}  // namespace eddy::test
