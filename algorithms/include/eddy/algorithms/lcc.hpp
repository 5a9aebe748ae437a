#pragma once
// Local clustering coefficient (LDBC Graphalytics LCC): with N(v) the neighbours of v ignoring
// direction (v itself excluded) and d = |N(v)|, LCC(v) = (number of arcs u->w with u, w in N(v),
// u != w) / (d (d - 1)), and 0 when d < 2. On an undirected graph each edge counts in both
// directions, which gives the usual 2e / (d (d - 1)). Parallel edges count once.
#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

[[nodiscard]] vertex_result<double> lcc(const distributed_graph& g, const run_options& options = {});

}  // namespace eddy::algorithms
