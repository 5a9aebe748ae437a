#pragma once
// Core numbers (k-core decomposition) of the simple undirected graph: edge direction ignored,
// self-loops dropped, parallel edges counted once. core(v) is the largest k such that v belongs
// to a subgraph in which every vertex has at least k neighbours (0 for isolated vertices), as
// networkx's core_number. Computed by the h-index iteration (Montresor et al.; Lü et al.): every
// estimate starts at the degree and is replaced, superstep by superstep, with the h-index of the
// neighbours' estimates until no estimate changes (superstep 0 sets the degrees). Checkpoints hold
// the estimates.
#include <cstdint>

#include "eddy/algorithms/run_options.hpp"
#include "eddy/graph/distributed_graph.hpp"

namespace eddy::algorithms {

[[nodiscard]] vertex_result<std::uint64_t> kcore(const distributed_graph& g, const run_options& options = {});

}  // namespace eddy::algorithms
