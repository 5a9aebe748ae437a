#pragma once
// `eddy run ALGORITHM --graph PATH ...`: load a graph, run one algorithm, write the result.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "checkpoint_options.hpp"
#include "graph_input.hpp"

#include "eddy/runtime/communicator.hpp"

namespace eddy::cli {

struct run_settings {
  std::string algorithm;
  graph_input input;
  std::optional<std::uint64_t> source;
  std::optional<std::uint64_t> iterations;
  std::optional<double> damping;
  double tolerance = 0.0;
  std::string variant;             // clustering: undirected | directed; degrees: in | out | total
  std::optional<double> min_score;  // jaccard, adamic-adar
  std::optional<double> delta;      // community: hop attenuation
  std::optional<std::uint64_t> samples;  // betweenness: sources
  std::optional<std::uint64_t> seed;     // betweenness: which sources
  std::string group_by;                  // summarize: the vertex values that group vertices
  std::vector<std::string> given;   // the algorithm-specific options on the command line
  std::string output;
  std::optional<std::size_t> top;
  std::string partition = "chunk";
  unsigned threads = 0;
  unsigned trials = 1;  // runs of the algorithm on the loaded graph; the median time is reported
  std::string metrics;
  bool verbose = false;
  checkpoint_flags checkpoint;
};

// Adds the `run` subcommand to the application; its settings land in `settings`.
CLI::App* add_run_command(CLI::App& app, run_settings& settings);

// Collective: executes a parsed `run` command.
void execute_run(const communicator& comm, const run_settings& settings);

}  // namespace eddy::cli
