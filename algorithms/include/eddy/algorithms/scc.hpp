#pragma once
// Strongly connected components of a directed graph (of an undirected one: its connected
// components): every vertex is labelled with the smallest vertex id of its component, so labels
// are the same bit for bit on any number of ranks. Computed by forward-backward colouring: among
// the vertices not yet placed, the smallest id that reaches a vertex is propagated forward to it;
// every vertex whose own id is its colour is a root, and the vertices of its colour that reach it
// (propagated backward) form its component, which is then set aside. Repeated until every vertex
// is placed. A run cut short by max_supersteps leaves unplaced vertices labelled with the largest
// vertex_id. Takes no checkpoints.
#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

[[nodiscard]] vertex_result<vertex_id> scc(const distributed_graph& g, const run_options& options = {});

}  // namespace eddy::algorithms
