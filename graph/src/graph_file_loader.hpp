#pragma once
// Loading an eddy graph file (io/graph_file.hpp). With chunk partitioning each rank reads the rows
// the chunk rule gives it, straight into its adjacency arrays: no shuffle, no sort, only the ghost
// numbering every loader shares. Other partitionings rebuild the graph from the rows' edges.
#include "eddy/graph/distributed_graph.hpp"
#include "eddy/graph/graph_loader.hpp"

namespace eddy::detail {

// Collective. Options that would change the stored graph (directedness, dropping) must match the
// file's, and weights must be in the file when requested; otherwise a usage_error says how to
// convert the input instead. A damaged or foreign file is an input_error naming it.
[[nodiscard]] distributed_graph load_graph_file(const communicator& comm, const load_request& request);

}  // namespace eddy::detail
