#pragma once
// Writing a loaded graph back out: as an eddy graph file (HDF5 compressed rows, see
// eddy/io/graph_file.hpp), which loads without parsing, shuffling or sorting, or as a text edge
// list for other tools.
#include <string>

#include "eddy/graph/distributed_graph.hpp"

namespace eddy {

// Collective. The graph must be chunk-partitioned (dense ids follow external id order, which the
// file's row numbers are). Written to a temporary name beside `path`, renamed on success.
void write_graph_file(const distributed_graph& graph, const std::string& path);

// Collective. One `src dst` line (`src dst weight` when weighted) per stored edge, an undirected
// edge once; ordered by source then destination (and an undirected edge's smaller id first) when
// the graph is chunk-partitioned. Weights are printed so that reading them back gives the same
// doubles.
void write_edge_list(const distributed_graph& graph, const std::string& path);

}  // namespace eddy
