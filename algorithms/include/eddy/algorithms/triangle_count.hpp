#pragma once
// Triangle counting: with edge direction ignored and self-loops and parallel edges collapsed, the
// number of triangles each vertex belongs to. The graph's total is the sum over vertices / 3.
#include <cstdint>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

[[nodiscard]] vertex_result<std::uint64_t> triangle_count(const distributed_graph& g, const run_options& options = {});

}  // namespace eddy::algorithms
