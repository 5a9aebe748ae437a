#pragma once
// Whether a rank numbers its owned vertices by descending degree (stored out- plus in-arcs), the
// order loaders promise for locality.
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::test {

inline bool owned_by_descending_degree(const distributed_graph& g) {
  const auto degree = [&](local_id v) { return g.out_degree(v) + (g.directed() ? g.in_degree(v) : 0); };
  for (local_id v = 1; v < g.local_vertices(); ++v) {
    if (degree(v - 1) < degree(v)) return false;
  }
  return true;
}

}  // namespace eddy::test
