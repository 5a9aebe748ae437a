#pragma once
// `eddy convert --graph SPEC --output FILE`: load a graph once and write it as an eddy graph file
// (HDF5, loads at disk speed) or as a text edge list.
#include <CLI/CLI.hpp>
#include <string>

#include "graph_input.hpp"

#include "eddy/runtime/communicator.hpp"

namespace eddy::cli {

struct convert_settings {
  graph_input input;
  std::string output;
  std::string to = "hdf5";
  unsigned threads = 0;
};

// Adds the `convert` subcommand to the application; its settings land in `settings`.
CLI::App* add_convert_command(CLI::App& app, convert_settings& settings);

// Collective: executes a parsed `convert` command.
void execute_convert(const communicator& comm, const convert_settings& settings);

}  // namespace eddy::cli
