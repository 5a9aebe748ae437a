#pragma once
// Building a distributed graph from the edges each rank happened to read: vertices are assigned
// to owners by the partitioner, external ids are mapped to dense ids, and every arc is shuffled to
// the rank that stores it.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "eddy/graph/distributed_graph.hpp"
#include "eddy/io/edge_record.hpp"

namespace eddy {

struct vertex_declarations {
  std::vector<vertex_id> ids;  // this rank's share of the declared vertices
  std::string file;            // named in the error when an edge uses an undeclared vertex
  std::string edge_file;
};

// Collective. `edges` is this rank's share of the input (consumed; its weights are used only when
// options.weighted, and taken as 1.0 when it has none). With `declared`, the vertex set is exactly
// the declared ids (isolated vertices included) and an edge naming another id is an error;
// without it, the vertex set is the set of edge endpoints. Each rank numbers its vertices by
// descending degree in the input; the order of targets within a row is unspecified.
[[nodiscard]] distributed_graph build_graph(const communicator& comm, io::edge_columns edges,
                                            const std::optional<vertex_declarations>& declared,
                                            const graph_options& options, std::unique_ptr<partitioner> owner);

// The same from edge records.
[[nodiscard]] distributed_graph build_graph(const communicator& comm, const std::vector<io::edge_record>& edges,
                                            const std::optional<vertex_declarations>& declared,
                                            const graph_options& options, std::unique_ptr<partitioner> owner);

}  // namespace eddy
