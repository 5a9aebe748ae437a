#pragma once
// Single-source shortest paths (LDBC Graphalytics SSSP): sum of non-negative edge weights along
// the lightest path from the source along out-edges; unreachable vertices get +infinity.
#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

// Collective; throws input_error when the source is not in the graph.
[[nodiscard]] vertex_result<double> sssp(const distributed_graph& g, vertex_id source, const run_options& options = {});

}  // namespace eddy::algorithms
