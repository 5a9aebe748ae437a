#pragma once
#include "eddy/graph/distributed_graph.hpp"
#include "eddy/runtime/collective.hpp"

namespace eddy::algorithms {

// Collective: the same clear error on every rank when a source vertex is not in the graph.
inline void require_source(const distributed_graph& g, vertex_id source) {
  agree_that(g.comm(), g.contains(source), "source vertex " + std::to_string(source) + " is not in the graph");
}

}  // namespace eddy::algorithms
