#pragma once
// Weakly connected components (LDBC Graphalytics WCC): edge direction ignored; every vertex is
// labelled with the smallest vertex id of its component.
#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

[[nodiscard]] vertex_result<vertex_id> wcc(const distributed_graph& g, const run_options& options = {});

}  // namespace eddy::algorithms
