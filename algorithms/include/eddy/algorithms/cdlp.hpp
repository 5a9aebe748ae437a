#pragma once
// Community detection by label propagation (LDBC Graphalytics CDLP): labels start as vertex ids;
// in each of a fixed number of synchronous iterations a vertex takes the most frequent label among
// its neighbours — in- and out-neighbours on a directed graph, so a two-way neighbour counts
// twice — breaking ties by the smallest label. A vertex without neighbours keeps its label.
#include <cstdint>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

[[nodiscard]] vertex_result<vertex_id> cdlp(const distributed_graph& g, std::uint64_t iterations,
                                            const run_options& options = {});

}  // namespace eddy::algorithms
