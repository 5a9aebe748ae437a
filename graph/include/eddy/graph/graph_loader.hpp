#pragma once
// Loading a graph from files: picks the format, reads each rank's share in parallel, and builds
// the distributed graph. Any rank's read error becomes the same error on every rank.
#include <optional>
#include <string>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/io/ldbc_properties.hpp"

namespace eddy {

enum class graph_format { automatic, edge_list, ldbc, hdf5 };

[[nodiscard]] graph_format parse_graph_format(const std::string& name);  // auto|edgelist|ldbc|hdf5

struct load_request {
  std::string path;  // an edge list file, DIR/NAME for LDBC, an eddy graph file (.h5), or a
                    // generator gen:NAME:... (docs/GENERATORS.md)
  graph_format format = graph_format::automatic;
  std::optional<bool> directed;  // overrides the dataset's own; edge lists default to directed
  bool weighted = false;         // read and keep the weight column
  bool drop_self_loops = false;
  bool drop_duplicates = false;
  std::string partition = "chunk";
};

struct loaded_graph {
  distributed_graph graph;
  std::optional<io::ldbc_dataset> ldbc;  // the dataset's parameters, for LDBC input
};

// Collective.
[[nodiscard]] loaded_graph load_graph(const communicator& comm, const load_request& request);

}  // namespace eddy
