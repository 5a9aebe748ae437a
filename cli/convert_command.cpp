#include "convert_command.hpp"

#include <chrono>
#include <cstdio>

#include "eddy/graph/graph_loader.hpp"
#include "eddy/graph/graph_writer.hpp"
#include "eddy/runtime/collective.hpp"
#include "eddy/runtime/threads.hpp"
#include "progress.hpp"

namespace eddy::cli {

CLI::App* add_convert_command(CLI::App& app, convert_settings& s) {
  auto* convert =
      app.add_subcommand("convert", "Load a graph and write it as an eddy graph file (HDF5) or an edge list");
  add_graph_input_options(*convert, s.input, "Read the third column as a non-negative weight and keep it");
  convert->add_option("--output", s.output, "The file to write (replaced only on success)")->required();
  convert
      ->add_option("--to", s.to, "Output format: hdf5 (eddy graph file, default) or edgelist (SRC DST [WEIGHT] lines)")
      ->check(CLI::IsMember({"hdf5", "edgelist"}));
  convert->add_option("--threads", s.threads, "Threads per rank (default: all cores available to the rank)");
  return convert;
}

namespace {

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t) { return std::chrono::duration<double>(clock_type::now() - t).count(); }

void convert_in_arena(const communicator& comm, const convert_settings& s) {
  const progress log(comm, false);
  load_request request = make_load_request(comm, s.input);
  request.partition = "chunk";  // the file's row numbers are dense ids in external id order

  log.note("loading " + s.input.graph + " on " + std::to_string(comm.size()) + " rank(s)");
  const auto start = clock_type::now();
  const auto loaded = load_graph(comm, request);
  const auto& g = loaded.graph;
  char line[256];
  std::snprintf(line, sizeof line, "loaded %llu vertices, %llu edges (%s) in %.3f s",
                static_cast<unsigned long long>(g.global_vertices()), static_cast<unsigned long long>(g.global_edges()),
                g.directed() ? "directed" : "undirected", seconds_since(start));
  log.note(line);
  const auto write_start = clock_type::now();
  if (s.to == "edgelist") {
    write_edge_list(g, s.output);
  } else {
    write_graph_file(g, s.output);
  }
  std::snprintf(line, sizeof line, "wrote %s in %.3f s", s.output.c_str(), seconds_since(write_start));
  log.note(line);
}

}  // namespace

void execute_convert(const communicator& comm, const convert_settings& s) {
  with_threads(s.threads, [&] { convert_in_arena(comm, s); });
}

}  // namespace eddy::cli
