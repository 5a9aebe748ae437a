#include "graph_input.hpp"

#include "eddy/runtime/collective.hpp"

namespace eddy::cli {

void add_graph_input_options(CLI::App& command, graph_input& input, const std::string& weighted_help,
                             bool graph_required) {
  command
      .add_option("--graph", input.graph,
                  "Edge list file (plain or .gz), LDBC prefix DIR/NAME, eddy graph file (.h5), or "
                  "a generator gen:NAME:KEY=VALUE:... (kronecker, grid, hypercube, circulant, echo, complete, "
                  "cycle, path, star, empty, singleton-edge; see docs/GENERATORS.md)")
      ->required(graph_required);
  command
      .add_option("--format", input.format,
                  "Input format: auto (eddy graph file by content or .h5 name, LDBC when PATH.properties exists), "
                  "edgelist, ldbc, hdf5")
      ->check(CLI::IsMember({"auto", "edgelist", "ldbc", "hdf5"}));
  auto* directed = command.add_flag("--directed", input.directed, "Treat edges as directed (default for edge lists)");
  command.add_flag("--undirected", input.undirected, "Treat edges as undirected (both directions stored)")
      ->excludes(directed);
  command.add_flag("--weighted", input.weighted, weighted_help);
  command.add_flag("--drop-self-loops", input.drop_self_loops, "Drop edges v->v (kept by default)");
  command.add_flag("--drop-duplicates", input.drop_duplicates,
                   "Collapse repeated edges into one, keeping the smallest weight (kept by default)");
}

load_request make_load_request(const communicator& comm, const graph_input& input) {
  load_request request;
  request.path = input.graph;
  agree(comm, [&] { request.format = parse_graph_format(input.format); });
  if (input.directed) request.directed = true;
  if (input.undirected) request.directed = false;
  request.weighted = input.weighted;
  request.drop_self_loops = input.drop_self_loops;
  request.drop_duplicates = input.drop_duplicates;
  return request;
}

}  // namespace eddy::cli
