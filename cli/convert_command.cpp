#include "convert_command.hpp"

#include "eddy/runtime/threads.hpp"
#include "graph_output.hpp"

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

void convert_in_arena(const communicator& comm, const convert_settings& s) {
  const progress log(comm, false);
  load_request request = make_load_request(comm, s.input);
  request.partition = "chunk";  // the file's row numbers are dense ids in external id order
  log.note("loading " + s.input.graph + " on " + std::to_string(comm.size()) + " rank(s)");
  const auto loaded = load_with_note(comm, request, log, "loaded");
  write_graph_as(loaded.graph, s.to, s.output, log);
}

}  // namespace

void execute_convert(const communicator& comm, const convert_settings& s) {
  with_threads(s.threads, [&] { convert_in_arena(comm, s); });
}

}  // namespace eddy::cli
