#pragma once
// `eddy generate --scale S --output BASE.el [--updates U --updates-output STREAM.txt]`: writes a
// Graph500 Kronecker graph as an edge list and, optionally, a stream of edge insertions and
// deletions over it, so that jobs and benchmarks need no downloaded data.
// `eddy generate --graph gen:NAME:... --output FILE [--to hdf5]`: builds any generator's graph (see
// docs/GENERATORS.md) as every command's --graph would, and writes it as `eddy convert` does.
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "eddy/runtime/communicator.hpp"

namespace eddy::cli {

struct generate_settings {
  unsigned scale = 0;
  bool has_scale = false;
  unsigned edge_factor = 16;
  std::uint64_t seed = 1;
  std::string graph;  // gen:NAME:..., instead of --scale
  std::string to = "edgelist";
  bool directed = false;
  bool undirected = false;
  bool drop_self_loops = false;
  bool drop_duplicates = false;
  bool weighted = false;
  std::string output;
  std::uint64_t updates = 0;
  std::string updates_output;
  double delete_fraction = 0.2;
  bool times = false;
  unsigned threads = 0;
};

// Adds the `generate` subcommand to the application; its settings land in `settings`.
CLI::App* add_generate_command(CLI::App& app, generate_settings& settings);

// Collective: executes a parsed `generate` command.
void execute_generate(const communicator& comm, const generate_settings& settings);

}  // namespace eddy::cli
