#pragma once
// `eddy stream ALGORITHM --updates SOURCE ...`: keep an algorithm's result current while a stream
// of edge updates changes the graph, batch by batch.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "checkpoint_options.hpp"
#include "graph_input.hpp"

#include "eddy/runtime/communicator.hpp"

namespace eddy::cli {

struct stream_settings {
  std::string algorithm;
  graph_input input;
  std::string updates;
  std::string updates_format = "eddy";
  std::size_t batch_size = 10000;
  std::optional<std::int64_t> window;
  std::optional<std::int64_t> slide;
  std::int64_t max_out_of_orderness = 0;
  std::string late_output;
  std::string output_dir;
  std::string emit = "final";
  std::optional<std::uint64_t> source;
  double tolerance = 1e-6;
  double damping = 0.85;
  std::uint64_t verify_every = 0;
  std::string partition = "chunk";
  unsigned threads = 0;
  bool verbose = false;
  checkpoint_flags checkpoint;
};

CLI::App* add_stream_command(CLI::App& app, stream_settings& settings);

// Collective: executes a parsed `stream` command.
void execute_stream(const communicator& comm, const stream_settings& settings);

}  // namespace eddy::cli
