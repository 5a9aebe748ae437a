#pragma once
// The options that say which graph to load and how to read it, shared by `run` and `convert`.
#include <CLI/CLI.hpp>

#include <string>

#include "eddy/graph/graph_loader.hpp"
#include "eddy/runtime/communicator.hpp"

namespace eddy::cli {

struct graph_input {
  std::string graph;
  std::string format = "auto";
  bool directed = false;
  bool undirected = false;
  bool weighted = false;
  bool drop_self_loops = false;
  bool drop_duplicates = false;
};

// Adds --graph, --format, --directed/--undirected, --weighted, --drop-self-loops and
// --drop-duplicates; `weighted_help` says what --weighted means for this command.
void add_graph_input_options(CLI::App& command, graph_input& input, const std::string& weighted_help,
                             bool graph_required = true);

// Collective (a bad --format is reported by every rank alike).
[[nodiscard]] load_request make_load_request(const communicator& comm, const graph_input& input);

}  // namespace eddy::cli
